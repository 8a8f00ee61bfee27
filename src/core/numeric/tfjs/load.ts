import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { coreCount } from '../cores';
import { registerGradients } from './gradients/index';
import { shareIdentityOnWasm } from './shared-identity';
import type { Tf } from './tf';
import { startThreadedWasm, threadedUnavailable } from './threaded';

export interface TfRuntime {
  tf: Tf;
  backend: 'wasm' | 'cpu';
  simd: boolean;
  /** Threads in XNNPACK's pool: 1 for the single-threaded build and the cpu backend. */
  threads: number;
  /** Why the wasm backend, or its threaded build, is not in use, when it is not. */
  note?: string;
}

export interface TfOptions {
  /** Threads wanted (the first load decides): default as many as cores, at most four; 1 for the single-threaded build. */
  threads?: number;
}

let loading: Promise<TfRuntime> | null = null;

/** The runtime in a few words for logs: `TensorFlow.js wasm+simd, 2 threads`. */
export function describeRuntime(rt: TfRuntime): string {
  return `TensorFlow.js ${rt.backend}${rt.simd ? '+simd' : ''}, ${rt.threads} thread${rt.threads === 1 ? '' : 's'}`;
}

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
 * the wasm backend — its threaded SIMD build when the process has SharedArrayBuffer, worker
 * threads and the build's files, else SIMD or plain single-threaded — falling back to the
 * pure-JS cpu backend when wasm cannot start. Later calls share the first load.
 */
export async function loadTf(wasmDir?: string, options: TfOptions = {}): Promise<TfRuntime> {
  loading ??= load(wasmDir, options.threads ?? coreCount());
  const rt = await loading;
  // The backend is process-wide: if other code switched it since (a test, another tool), checks
  // would run on it, ten times slower on the cpu backend and without yielding.
  if (rt.tf.getBackend() !== rt.backend) await rt.tf.setBackend(rt.backend);
  return rt;
}

async function load(wasmDir: string | undefined, threads: number): Promise<TfRuntime> {
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
    shareIdentityOnWasm(tf);
    const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    const stock = tf.findBackendFactory('wasm');
    const tryThreads = threads > 1 && simd;
    if (tryThreads) note = await withoutProcessHooks(() => useThreadedWasm(tf, wasm, folder, threads));
    let ok = await withoutProcessHooks(() => tf.setBackend('wasm'));
    if (!ok && tryThreads && !note) {
      note = 'TensorFlow.js runs single-threaded: the threaded backend did not initialise';
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      tf.removeBackend('wasm');
      tf.registerBackend('wasm', stock, 2);
      ok = await withoutProcessHooks(() => tf.setBackend('wasm'));
    }
    if (!ok) throw new Error('the wasm backend did not initialise');
    await tf.ready();
    return { tf, backend: 'wasm', simd, threads: Math.max(1, wasm.getThreadsCount()), note };
  } catch (err) {
    note = `TensorFlow.js runs on its cpu backend: ${(err as Error).message}`;
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, backend: 'cpu', simd: false, threads: 1, note };
}

type WasmPackage = typeof import('@tensorflow/tfjs-backend-wasm');

/**
 * Registers the threaded SIMD build as the 'wasm' backend in place of tfjs's own start-up,
 * which under Node always picks a single-threaded build. Returns why it could not, leaving
 * tfjs's registration in place, or undefined when it did.
 */
async function useThreadedWasm(tf: Tf, wasm: WasmPackage, folder: string, threads: number): Promise<string | undefined> {
  const why = threadedUnavailable(folder);
  if (why) return `TensorFlow.js runs single-threaded: ${why}`;
  try {
    const module = await startThreadedWasm(folder, threads);
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', () => new wasm.BackendWasm(module as never), 2);
    // tfjs answers false under Node; this process now has the threads, so say so to whoever asks.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    return undefined;
  } catch (err) {
    return `TensorFlow.js runs single-threaded: the threaded build did not start (${(err as Error).message})`;
  }
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
