// `npm start`: build and package Grad Lens, start code-server on 127.0.0.1 with it installed
// and examples/ open, print the URL. Ctrl-C stops everything it started.
import { freePort, isFree, startCodeServer, stopOnSignals } from './codeServer';
import { ensureEditor } from './editor';
import { packageExtension } from './package';
import { examplesDir } from './paths';
import { seconds } from './proc';

const PREFERRED_PORT = Number(process.env.GRAD_LENS_PORT ?? 8080);

async function main(): Promise<void> {
  await ensureEditor();
  let started = Date.now();
  const vsix = await packageExtension({ quiet: true });
  console.log(`Packaged ${vsix.path} (${(vsix.bytes / 1024 / 1024).toFixed(2)} MB) in ${seconds(started)}.`);
  started = Date.now();
  const port = (await isFree(PREFERRED_PORT)) ? PREFERRED_PORT : await freePort();
  const server = await startCodeServer({ vsix: vsix.path, folder: examplesDir, port });
  console.log(`\nGrad Lens is running in code-server (started in ${seconds(started)}). Open:\n\n  ${server.url}/?folder=${examplesDir}\n`);
  console.log('Try seed_bug.py: select lines 10-11, then F1 → "Grad Lens: Analyze Selection". Ctrl-C stops.');
  stopOnSignals(() => {
    console.log('\nStopping code-server ...');
    return server.stop();
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
