/**
 * The host's side of the worker: starts it on first use, sends tasks, matches replies,
 * and cancels by terminating the thread (a check busy in a loop of float64 arithmetic
 * never looks at an AbortSignal in time; a terminated thread stops at once). Requests
 * that were queued behind a cancelled one are sent again to a fresh worker. If no worker
 * can start, tasks run in this thread. vscode-free, so it is unit-tested in Node.
 */
import type { Worker } from 'node:worker_threads';
import type { OutputOf, TaskRequest, WorkerCall, WorkerReply } from './protocol';

export class AbortError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

export const isAbort = (err: unknown): boolean => err instanceof Error && err.name === 'AbortError';

export interface TaskRunnerOptions {
  /** For the log: "check worker". */
  name: string;
  /** Starts a worker running dist/worker.js. */
  spawn: () => Worker;
  /** Runs a task in this thread, when no worker can start. */
  inProcess: (request: TaskRequest, signal?: AbortSignal) => Promise<unknown>;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** An idle worker is stopped after this long (its memory goes with it). Default 5 minutes. */
  idleMs?: number;
}

interface Pending {
  request: TaskRequest;
  signal?: AbortSignal;
  resolve: (output: unknown) => void;
  reject: (err: Error) => void;
  detach: () => void;
}

export class TaskRunner {
  private worker: Worker | undefined;
  private ready = false;
  /** No worker could start: every task runs in this thread from now on. */
  private inThread = false;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly options: TaskRunnerOptions) {}

  /** Runs a task; rejects with an AbortError when `signal` aborts (the task stops at once). */
  run<R extends TaskRequest>(request: R, signal?: AbortSignal): Promise<OutputOf<R>> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    if (this.disposed) return Promise.reject(new AbortError('Grad Lens is shutting down'));
    if (this.inThread) return this.options.inProcess(request, signal) as Promise<OutputOf<R>>;
    return new Promise<OutputOf<R>>((resolve, reject) => {
      const id = this.nextId++;
      const onAbort = () => this.abort(id);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        request,
        signal,
        resolve: resolve as (output: unknown) => void,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      });
      this.send(id, request);
    });
  }

  /** Stops the worker; what is still pending is rejected as cancelled. */
  dispose(): void {
    this.disposed = true;
    this.stopWorker();
    for (const [id] of this.pending) this.settle(id, { error: new AbortError('Grad Lens is shutting down') });
  }

  private send(id: number, request: TaskRequest): void {
    const worker = this.ensureWorker();
    if (!worker) {
      // No worker: this one runs here (and so will every later one).
      const p = this.pending.get(id);
      if (!p) return;
      this.options.inProcess(request, p.signal).then(
        (output) => this.settle(id, { output }),
        (err: unknown) => this.settle(id, { error: asError(err) }),
      );
      return;
    }
    clearTimeout(this.idleTimer);
    const call: WorkerCall = { id, request };
    worker.postMessage(call);
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    if (this.inThread) return undefined;
    let worker: Worker;
    try {
      worker = this.options.spawn();
    } catch (err) {
      this.fallBack(`could not start (${asError(err).message})`);
      return undefined;
    }
    this.worker = worker;
    this.ready = false;
    worker.on('message', (reply: WorkerReply) => this.receive(worker, reply));
    worker.on('error', (err: Error) => this.crashed(worker, `failed: ${err.stack ?? err.message}`));
    worker.on('exit', (code: number) => this.crashed(worker, `stopped with exit code ${code}`));
    return worker;
  }

  private receive(worker: Worker, reply: WorkerReply): void {
    if (worker !== this.worker) return;
    if ('ready' in reply) {
      this.ready = true;
      return;
    }
    if (reply.ok) this.settle(reply.id, { output: reply.output });
    else this.settle(reply.id, { error: remoteError(reply.name, reply.error) });
  }

  /** The worker died on its own: before it was ready, tasks move into this thread; after, they fail. */
  private crashed(worker: Worker, what: string): void {
    if (worker !== this.worker) return;
    const wasReady = this.ready;
    this.worker = undefined;
    this.ready = false;
    worker.removeAllListeners();
    if (!wasReady) {
      this.fallBack(what);
      for (const [id, p] of this.pending) this.send(id, p.request);
      return;
    }
    this.options.log('error', `${this.options.name} ${what}`);
    for (const [id] of this.pending) this.settle(id, { error: new Error(`the Grad Lens worker ${what}`) });
  }

  private fallBack(why: string): void {
    this.inThread = true;
    this.options.log('warn', `${this.options.name} ${why}; running its tasks in the extension host instead`);
  }

  /** Cancels one task: the worker is terminated, the others queued in it start again in a new one. */
  private abort(id: number): void {
    if (!this.pending.has(id)) return;
    this.settle(id, { error: new AbortError() });
    if (this.inThread) return; // in this thread, only the signal can stop it (checkGradients reads it)
    this.stopWorker();
    for (const [other, p] of this.pending) this.send(other, p.request);
  }

  private stopWorker(): void {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    this.ready = false;
    if (worker) {
      worker.removeAllListeners();
      void worker.terminate();
    }
  }

  private settle(id: number, outcome: { output?: unknown; error?: Error }): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.detach();
    if (outcome.error) p.reject(outcome.error);
    else p.resolve(outcome.output);
    if (this.pending.size === 0 && this.worker) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.stopWorker(), this.options.idleMs ?? 5 * 60_000);
      this.idleTimer.unref?.();
    }
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function remoteError(name: string, stack: string): Error {
  const line = stack.split('\n').find((l) => l.trim()) ?? 'failed';
  const first = line.startsWith(`${name}: `) ? line.slice(name.length + 2) : line;
  const err = name === 'AbortError' ? new AbortError(first) : new Error(first);
  err.name = name;
  err.stack = stack;
  return err;
}
