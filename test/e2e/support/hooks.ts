// Mocha root hooks for the real-editor tests: one code-server and one chromium for the run,
// a fresh window on a fresh copy of examples/ per test (see Workbench.open).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'mocha';
import { startCodeServer, stopOnSignals, type CodeServer } from '../../../scripts/codeServer';
import { BROWSER_PACKAGES, ensureDebianPackages, ensureEditor } from '../../../scripts/editor';
import { packageExtension } from '../../../scripts/package';
import { resultsDir } from '../../../scripts/paths';
import { seconds } from '../../../scripts/proc';
import type { Browser } from './browser';
import { Workbench, type OpenOptions } from './workbench';

let server: CodeServer | undefined;
let browser: Browser | undefined;
let current: Workbench | undefined;

/** Opens this test's window; the hooks close it (and keep evidence if the test failed). */
export async function openWorkbench(options?: OpenOptions): Promise<Workbench> {
  if (!server || !browser) throw new Error('the editor is not running (the root hook failed?)');
  current = await Workbench.open(server, browser.context, options);
  return current;
}

const say = (line: string) => console.log(`  ${line}`);

async function stopAll(): Promise<void> {
  await browser?.close();
  await server?.stop();
}

export const mochaHooks = {
  async beforeAll(this: Context) {
    this.timeout(30 * 60_000); // a first run installs code-server
    stopOnSignals(stopAll);
    await ensureEditor(say);
    if (!process.env.CHROMIUM_PATH) await ensureDebianPackages(BROWSER_PACKAGES, say);
    let started = Date.now();
    const vsix = await packageExtension({ quiet: true });
    say(`Packaged ${vsix.path.split('/').pop()} (${(vsix.bytes / 1024 / 1024).toFixed(2)} MB) in ${seconds(started)}.`);
    started = Date.now();
    server = await startCodeServer({ vsix: vsix.path });
    // Loaded only now: ensureEditor() has just installed playwright-core. (require: mocha's
    // tsx/cjs hook compiles required .ts files, not dynamically imported ones.)
    const { launchBrowser } = require('./browser') as typeof import('./browser');
    browser = await launchBrowser();
    say(`code-server is up at ${server.url} (${seconds(started)}).`);
  },

  async afterEach(this: Context) {
    const test = this.currentTest;
    const wb = current;
    current = undefined;
    if (!wb) return;
    if (test?.state === 'failed') {
      mkdirSync(resultsDir, { recursive: true });
      const slug = test.fullTitle().replace(/[^\w.-]+/g, '_').slice(0, 120);
      await wb.page.screenshot({ path: join(resultsDir, `${slug}.png`) }).catch(() => undefined);
      writeFileSync(join(resultsDir, `${slug}.grad-lens.log`), wb.gradLensLog());
      if (server) copyFileSync(server.logFile, join(resultsDir, `${slug}.code-server.log`));
      say(`Saved a screenshot and the logs under test-results/${slug}.*`);
    }
    await wb.close();
  },

  afterAll: stopAll,
};
