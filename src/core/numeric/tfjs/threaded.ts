import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The threaded SIMD build's files, written beside the bundles by build/threaded-wasm.mjs. */
export const THREADED_FILES = {
  factory: 'tfjs-backend-wasm-threaded-simd.js',
  worker: 'tfjs-backend-wasm-threaded-simd.worker.js',
  wasm: 'tfjs-backend-wasm-threaded-simd.wasm',
} as const;

/** How long the module and its pthread workers may take to start before the single-threaded build is used. */
const START_TIMEOUT_MS = 20_000;

// A module with a shared memory and an atomic load (wasm-feature-detect's threads probe).
const THREADS_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 11, 1, 9, 0, 65, 0, 254, 16, 2, 0, 26, 11,
]);

interface PthreadWorker {
  terminate(): void;
  unref(): void;
  onerror: (e: unknown) => void;
}

/** The parts of the Emscripten module tfjs-backend-wasm's BackendWasm and this file use. */
export interface ThreadedModule {
  cwrap(name: string, ret: string | null, args: string[]): (...args: number[]) => number;
  PThread: { unusedWorkers: PthreadWorker[]; runningWorkers: PthreadWorker[] };
  tfjs?: Record<string, (...args: number[]) => number | void>;
}

type Factory = (config: Record<string, unknown>) => Promise<ThreadedModule>;

/** The little of the WebAssembly API used here (the core is compiled without the DOM's types). */
interface Wasm {
  validate(bytes: Uint8Array): boolean;
  instantiate(bytes: Uint8Array, imports: unknown): Promise<{ instance: unknown; module: unknown }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

/** Why the threaded build cannot run in this process with the files in `folder`, or null when it can. */
export function threadedUnavailable(folder: string): string | null {
  // Without worker threads the factory throws when it starts its workers, and the caller falls back.
  if (typeof SharedArrayBuffer !== 'function') return 'SharedArrayBuffer is not available';
  try {
    if (!wasmApi.validate(THREADS_PROBE)) return 'this WebAssembly engine has no threads';
  } catch {
    return 'this WebAssembly engine has no threads';
  }
  const missing = Object.values(THREADED_FILES).filter((f) => !existsSync(join(folder, f)));
  return missing.length ? `${missing.join(', ')} not found in ${folder}` : null;
}

/**
 * Starts the threaded SIMD build of the wasm backend with an XNNPACK pool of `threads`
 * threads. tfjs's own start-up cannot do it under Node: it hands Emscripten a blob: URL for
 * the pthread worker and a Blob for the main script, and worker_threads only starts files.
 * Here both are the real files in `folder`. The module is ready for tfjs-backend-wasm's
 * BackendWasm, whose constructor creates the pool.
 */
export async function startThreadedWasm(folder: string, threads: number): Promise<ThreadedModule> {
  const factory = (await import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js')).default as unknown as Factory;
  const wasmBytes = readFileSync(join(folder, THREADED_FILES.wasm));
  let fail: (err: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const config: Record<string, unknown> = {
    locateFile: (path: string) => join(folder, path),
    // Each pthread worker evaluates the factory again, from this copy of it.
    mainScriptUrlOrBlob: join(folder, THREADED_FILES.factory),
    onAbort: (what: unknown) => fail(new Error(`the threaded wasm module aborted: ${String(what)}`)),
    instantiateWasm(imports: { env: Record<string, unknown> }, receive: (instance: unknown, module: unknown) => void) {
      // The backend sizes its pool to half the logical cores it is told of (it assumes two
      // hyper-threads per core) and caps the pool there, so it is told twice the threads wanted.
      imports.env.emscripten_num_logical_cores = () => 2 * threads;
      wasmApi.instantiate(wasmBytes, imports).then(({ instance, module }) => {
        // Emscripten has just created eight pthread workers; XNNPACK's pool takes threads − 1
        // (the calling thread is the other), so the rest stop before they load the module.
        const pthread = (config as unknown as ThreadedModule).PThread;
        for (const w of pthread.unusedWorkers.splice(threads - 1)) w.terminate();
        receive(instance, module);
        // Emscripten rethrows a pthread worker's error from an event handler, which would
        // crash the host; failing the start instead leaves the single-threaded build to run.
        for (const w of pthread.unusedWorkers) w.onerror = (e) => fail(asError(e, 'a pthread worker failed'));
      }, (err: unknown) => fail(asError(err, 'the threaded wasm did not instantiate')));
      return {};
    },
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the threaded wasm module did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
  });
  let module: ThreadedModule;
  try {
    module = await Promise.race([factory(config), failed, timeout]);
  } catch (err) {
    const pthread = (config as unknown as Partial<ThreadedModule>).PThread;
    for (const w of pthread?.unusedWorkers ?? []) w.terminate();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  wrapForBackend(module);
  return module;
}

/** The `tfjs` table BackendWasm calls, as tfjs's own start-up builds it. */
function wrapForBackend(module: ThreadedModule): void {
  const initWithThreadsCount = module.cwrap('init_with_threads_count', null, ['number']);
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: (n: number) => {
      initWithThreadsCount(n);
      detachPoolWorkers(module);
    },
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
}

/**
 * The pool's workers run for the life of the module: they must not keep the process (the
 * CLI) alive, and an error in one is reported as a warning rather than rethrown into the host.
 */
function detachPoolWorkers(module: ThreadedModule): void {
  for (const w of module.PThread.runningWorkers) {
    w.unref();
    w.onerror = (e) => process.emitWarning(asError(e, 'a tfjs pthread worker failed'));
  }
}

function asError(e: unknown, what: string): Error {
  return e instanceof Error ? e : new Error(`${what}: ${String((e as { message?: string })?.message ?? e)}`);
}
