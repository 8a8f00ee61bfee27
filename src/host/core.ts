import { join } from 'node:path';
import type * as Core from '../core/index';
import type { Log } from './log';

export type CoreModule = typeof Core;

let loading: Promise<CoreModule> | undefined;

/**
 * The core (parser, interpreter, tfjs) is its own bundle, dist/core.js, required on first
 * use so that activation does not parse it. The path is computed so esbuild leaves it alone.
 * The require waits for a macrotask: a first analysis started inside activate() must not
 * make activation pay for the load.
 */
export function loadCore(log: Log): Promise<CoreModule> {
  loading ??= new Promise<CoreModule>((resolve, reject) =>
    setImmediate(() => {
      try {
        const started = performance.now();
        const core = require(join(__dirname, 'core.js')) as CoreModule;
        log.info(`core loaded in ${(performance.now() - started).toFixed(1)} ms`);
        resolve(core);
      } catch (err) {
        loading = undefined; // let the next request try again
        reject(err);
      }
    }),
  );
  return loading;
}

/** Where the parser's .wasm files are: beside the bundles. */
export const wasmDir = __dirname;
