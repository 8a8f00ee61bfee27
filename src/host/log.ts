import * as vscode from 'vscode';

/** The "Grad Lens" output channel; every internal failure goes here. */
export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('Grad Lens', { log: true });
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

/**
 * Wraps a handler so that nothing it throws or rejects with reaches the extension host:
 * failures are logged and the handler yields `undefined`.
 */
export function guard<A extends unknown[], R>(
  log: Log,
  what: string,
  fn: (...args: A) => R | Thenable<R>,
): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      log.error(`${what} failed: ${describeError(err)}`);
      return undefined;
    }
  };
}
