// Installs the real editor for the end-to-end tests and `npm start`, once: Node 24 and
// playwright-core with the system npm, then code-server with Node 24's npm (its postinstall
// demands Node 24 and builds native modules against Node 24's bundled headers, offline).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { codeServerDir, codeServerEntry, e2eDir, node24, node24Dir, root } from './paths';
import { cleanEnv, run, seconds } from './proc';

const STAMP = '.grad-lens-installed';

/** Debian packages: code-server's kerberos module builds against libkrb5-dev; the tests drive chromium. */
export const EDITOR_PACKAGES = ['libkrb5-dev'];
export const BROWSER_PACKAGES = ['chromium'];

/** Idempotent: each install runs only when its package.json or lockfile changed since the last one. */
export async function ensureEditor(log: (line: string) => void = console.log): Promise<void> {
  await ensureDebianPackages(EDITOR_PACKAGES, log);
  await installOnce(e2eDir, 'Node 24 and playwright-core', node24, cleanEnv(), log);
  const env = cleanEnv({
    PATH: `${dirname(node24)}${delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: node24Dir,
    JOBS: 'max', // node-gyp: build with every core
  });
  await installOnce(codeServerDir, 'code-server', codeServerEntry, env, log);
}

async function installOnce(dir: string, what: string, product: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const stamp = join(dir, 'node_modules', STAMP);
  const wanted = createHash('sha256')
    .update(readFileSync(join(dir, 'package.json')))
    .update(readFileSync(join(dir, 'package-lock.json')))
    .digest('hex');
  if (existsSync(product) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  const started = Date.now();
  log(`Installing ${what} into ${relative(root, dir) || '.'}/node_modules (once) ...`);
  await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env });
  if (!existsSync(product)) throw new Error(`installing ${what} did not produce ${product}`);
  writeFileSync(stamp, wanted);
  log(`Installed ${what} in ${seconds(started)}.`);
}

/**
 * Installs missing Debian packages when running as root (as on CI and these machines);
 * elsewhere says what to install. Skipped where there is no dpkg.
 */
export async function ensureDebianPackages(packages: readonly string[], log: (line: string) => void = console.log): Promise<void> {
  const missing = packages.filter((name) => {
    const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return !query.error && !query.stdout.includes('install ok installed');
  });
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`Please install the Debian packages ${missing.join(' ')} (sudo apt-get install -y ${missing.join(' ')})`);
  const started = Date.now();
  log(`Installing Debian packages: ${missing.join(' ')} ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-q'], { env, quiet: true });
  await run('apt-get', ['install', '-y', '-q', ...missing], { env, quiet: true });
  log(`Installed ${missing.join(' ')} in ${seconds(started)}.`);
}

if (require.main === module) {
  ensureEditor().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
