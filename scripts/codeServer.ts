// Starts code-server isolated (its own profile, extensions and config in a temporary folder),
// on loopback only, in its own process group so that stopping it ends every process it began.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerEntry, node24 } from './paths';
import { cleanEnv, run } from './proc';

export interface CodeServer {
  url: string;
  /** The temporary folder holding everything this instance wrote. */
  dir: string;
  userDataDir: string;
  logFile: string;
  /** Replaces the user settings; the editor picks the change up while running. */
  writeSettings(settings: Record<string, unknown>): void;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** A .vsix to install before starting. */
  vsix?: string;
  /** A folder to open at the root URL. */
  folder?: string;
  port?: number;
  settings?: Record<string, unknown>;
}

/** Quiet, deterministic editor defaults: no welcome page, no AI chat, no update or telemetry traffic. */
export const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
};

export async function startCodeServer(options: StartOptions = {}): Promise<CodeServer> {
  const dir = mkdtempSync(join(tmpdir(), 'grad-lens-code-server-'));
  const userDataDir = join(dir, 'user-data');
  const settingsFile = join(userDataDir, 'User/settings.json');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const writeSettings = (settings: Record<string, unknown>) =>
    writeFileSync(settingsFile, JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  writeSettings(options.settings ?? {});
  mkdirSync(join(dir, 'tmp'));
  const env = cleanEnv({ XDG_CONFIG_HOME: join(dir, 'xdg-config'), XDG_DATA_HOME: join(dir, 'xdg-data'), TMPDIR: join(dir, 'tmp') });
  const common = [
    codeServerEntry,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', userDataDir,
    '--extensions-dir', join(dir, 'extensions'),
  ];
  if (options.vsix) await run(node24, [...common, '--install-extension', options.vsix], { env, stdio: ['ignore', 'ignore', 'inherit'] });

  const port = options.port ?? (await freePort());
  const logFile = join(dir, 'code-server.log');
  const log = openSync(logFile, 'a');
  const child = spawn(node24, [...common, '--bind-addr', `127.0.0.1:${port}`, ...(options.folder ? [options.folder] : [])], {
    env,
    detached: true, // its own process group, ended as a whole in stop()
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  // Last resort if this process dies without calling stop(): never leave an editor behind.
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    killGroup('SIGKILL'); // children that outlived the server
    process.off('exit', onExit);
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, exited);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, dir, userDataDir, logFile, writeSettings, stop };
}

async function waitForHealth(url: string, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error('code-server exited while starting');
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer at ${url} within 60 s`);
}

/**
 * Ctrl-C or kill: run `stop` before this process ends (Node skips 'exit' handlers when a
 * signal ends it), then exit with the signal's status.
 */
export function stopOnSignals(stop: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      void stop().finally(() => process.exit(128 + constants.signals[signal]));
    });
  }
}

/** Whether a port on 127.0.0.1 can be listened on right now. */
export function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A port that was free a moment ago, from the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
