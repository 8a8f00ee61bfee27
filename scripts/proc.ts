import { spawn, type SpawnOptions } from 'node:child_process';

export interface RunOptions extends SpawnOptions {
  /** Collect the output and show it only if the command fails. */
  quiet?: boolean;
}

/** Runs a command to completion; rejects on a non-zero exit. */
export function run(command: string, args: readonly string[], { quiet = false, ...options }: RunOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', ...options });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve();
      reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}${output ? `:\n${output}` : ''}`));
    });
  });
}

/**
 * The environment without npm's per-run variables. A nested npm reads them as its own
 * config: an inherited npm_config_user_agent naming Node 20 makes code-server's
 * postinstall refuse to run under Node 24.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'INIT_CWD') env[key] = value;
  }
  return { ...env, ...extra };
}

export const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
