// `npm run package`: production bundles and a .vsix holding only what .vscodeignore lets in.
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from './paths';
import { run } from './proc';

export interface Packaged {
  path: string;
  bytes: number;
}

/** `quiet` keeps the build's and vsce's output unless they fail. */
export async function packageExtension({ quiet = false } = {}): Promise<Packaged> {
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const path = join(root, `${name}-${version}.vsix`);
  await run(process.execPath, [join(root, 'build/esbuild.mjs'), '--production'], { cwd: root, quiet });
  // --no-dependencies: everything is bundled into dist/. --no-rewrite-relative-links: there is no
  // repository URL to point the README's pictures at; they ship in the .vsix, where VS Code finds them.
  const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
  await run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', path], { cwd: root, quiet });
  return { path, bytes: statSync(path).size };
}

if (require.main === module) {
  packageExtension().then(
    ({ path, bytes }) => console.log(`${relative(root, path)}: ${(bytes / 1024 / 1024).toFixed(2)} MB`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
