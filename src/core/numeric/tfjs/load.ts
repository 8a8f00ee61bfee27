import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { registerGradients } from './gradients/index';
import type { Tf } from './tf';

export interface TfRuntime {
  tf: Tf;
  backend: 'wasm' | 'cpu';
  simd: boolean;
  /** Why the wasm backend is not in use, when it is not. */
  note?: string;
}

let loading: Promise<TfRuntime> | null = null;

const WASM_FILES = ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm'];

/** The folder holding tfjs-backend-wasm*.wasm: the one given (dist/ in the extension), else node_modules. */
export function wasmFolder(wasmDir?: string): string | null {
  const candidates: string[] = [];
  if (wasmDir) candidates.push(wasmDir);
  try {
    candidates.push(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist'));
  } catch {
    // Bundled without node_modules: only the given folder counts.
  }
  for (const dir of candidates) if (WASM_FILES.some((f) => existsSync(join(dir, f)))) return dir;
  return null;
}

/**
 * Loads TensorFlow.js on first use (never when the core is imported): tfjs-core with
 * the wasm backend (SIMD when the platform has it; threads are not used), falling back
 * to the pure-JS cpu backend when wasm cannot start. Later calls share the first load.
 */
export async function loadTf(wasmDir?: string): Promise<TfRuntime> {
  loading ??= load(wasmDir);
  const rt = await loading;
  // The backend is process-wide: if other code switched it since (a test, another tool), checks
  // would run on it, ten times slower on the cpu backend and without yielding.
  if (rt.tf.getBackend() !== rt.backend) await rt.tf.setBackend(rt.backend);
  return rt;
}

async function load(wasmDir?: string): Promise<TfRuntime> {
  const tf = (await import('@tensorflow/tfjs-core')) as Tf;
  await import('@tensorflow/tfjs-backend-cpu');
  registerGradients(tf);
  tf.enableProdMode();
  let note: string | undefined;
  try {
    const folder = wasmFolder(wasmDir);
    if (!folder) throw new Error('the tfjs-backend-wasm .wasm files were not found');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(folder.endsWith('/') ? folder : `${folder}/`);
    const ok = await withoutProcessHooks(() => tf.setBackend('wasm'));
    if (!ok) throw new Error('the wasm backend did not initialise');
    await tf.ready();
    const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    return { tf, backend: 'wasm', simd };
  } catch (err) {
    note = `TensorFlow.js runs on its cpu backend: ${(err as Error).message}`;
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, backend: 'cpu', simd: false, note };
}

/**
 * The Emscripten runtime of the wasm backend installs process-wide `uncaughtException` and
 * `unhandledRejection` listeners that rethrow, which would turn any stray error in the
 * extension host (or the CLI) into a crash. They are removed once the module is up.
 */
async function withoutProcessHooks<T>(f: () => Promise<T>): Promise<T> {
  const emitter = process as NodeJS.EventEmitter;
  const events = ['uncaughtException', 'unhandledRejection'];
  const before = events.map((e) => new Set(emitter.listeners(e)));
  try {
    return await f();
  } finally {
    events.forEach((e, i) => {
      for (const l of emitter.listeners(e)) if (!before[i].has(l)) emitter.removeListener(e, l as (...args: unknown[]) => void);
    });
  }
}
