/**
 * The worker thread's entry (dist/worker.js): loads the core bundle beside it, says it is
 * ready, then answers each call with runTask's output or the error. Cancellation is the
 * host terminating this thread, which stops even a computation that never yields.
 */
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { WorkerCall, WorkerReply } from './protocol';
import { type CoreModule, runTask } from './tasks';

const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread');
// A computed path, so esbuild leaves the core (tfjs, the parser) in its own bundle.
const core = require(join(__dirname, 'core.js')) as CoreModule;
const reply = (message: WorkerReply) => port.postMessage(message);
reply({ id: 0, ready: true });

port.on('message', (call: WorkerCall) => {
  runTask(core, call.request).then(
    (output) => reply({ id: call.id, ok: true, output }),
    (err: unknown) =>
      reply({
        id: call.id,
        ok: false,
        name: err instanceof Error ? err.name : 'Error',
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      }),
  );
});
