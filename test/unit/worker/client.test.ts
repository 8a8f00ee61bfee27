import { strict as assert } from 'node:assert';
import { Worker } from 'node:worker_threads';
import { isAbort, TaskRunner } from '../../../src/host/worker/client';
import type { TaskRequest } from '../../../src/host/worker/protocol';

/**
 * A stand-in for dist/worker.js: says it is ready, then answers each call with its text
 * upper-cased, or spins without yielding for `spin` ms (a check deep in float64 loops),
 * or throws.
 */
const FAKE = `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ id: 0, ready: true });
parentPort.on('message', ({ id, request }) => {
  if (request.spin) { const end = Date.now() + request.spin; while (Date.now() < end) {} }
  if (request.fail) { parentPort.postMessage({ id, ok: false, name: 'TypeError', error: 'TypeError: ' + request.fail + '\\n    at somewhere' }); return; }
  parentPort.postMessage({ id, ok: true, output: String(request.text).toUpperCase() });
});`;

const request = (fields: Record<string, unknown>) => fields as unknown as TaskRequest;

function runner(options: { spawn?: () => Worker; inProcess?: (r: TaskRequest) => Promise<unknown> } = {}) {
  const logs: string[] = [];
  let spawned = 0;
  const r = new TaskRunner({
    name: 'the test worker',
    spawn:
      options.spawn ??
      (() => {
        spawned++;
        return new Worker(FAKE, { eval: true });
      }),
    inProcess: options.inProcess ?? (async (req) => `in-process ${(req as unknown as { text: string }).text}`),
    log: (level, message) => logs.push(`${level}: ${message}`),
  });
  return { r, logs, spawned: () => spawned };
}

describe('worker client: tasks off the extension host thread, cancelled at once', () => {
  it('sends tasks to one worker and matches the replies', async () => {
    const { r, spawned } = runner();
    try {
      const [a, b] = await Promise.all([r.run(request({ text: 'a' })), r.run(request({ text: 'b' }))]);
      assert.deepEqual([a, b], ['A', 'B']);
      assert.equal(spawned(), 1);
    } finally {
      r.dispose();
    }
  });

  it('cancels a task stuck in a loop that never yields within milliseconds, and runs the ones queued behind it on a new worker', async () => {
    const { r, spawned } = runner();
    try {
      await r.run(request({ text: 'warm' })); // the worker is up
      const abort = new AbortController();
      const started = Date.now();
      const stuck = r.run(request({ text: 'stuck', spin: 20_000 }), abort.signal);
      const queued = r.run(request({ text: 'queued' }));
      setTimeout(() => abort.abort(), 50);
      await assert.rejects(stuck, (err: unknown) => isAbort(err));
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 1000, `cancelled after ${elapsed} ms`);
      assert.equal(await queued, 'QUEUED');
      assert.equal(spawned(), 2);
    } finally {
      r.dispose();
    }
  });

  it('rejects at once when the signal has already aborted', async () => {
    const { r, spawned } = runner();
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(r.run(request({ text: 'x' }), abort.signal), (err: unknown) => isAbort(err));
    assert.equal(spawned(), 0);
    r.dispose();
  });

  it('passes a task’s error on with its name and first line', async () => {
    const { r } = runner();
    try {
      await assert.rejects(r.run(request({ fail: 'bad input' })), (err: Error) => err.name === 'TypeError' && err.message === 'bad input');
      assert.equal(await r.run(request({ text: 'after' })), 'AFTER');
    } finally {
      r.dispose();
    }
  });

  it('runs tasks in this thread when no worker can start', async () => {
    const { r, logs } = runner({
      spawn: () => {
        throw new Error('no threads here');
      },
    });
    assert.equal(await r.run(request({ text: 'x' })), 'in-process x');
    assert.equal(await r.run(request({ text: 'y' })), 'in-process y');
    assert.match(logs.join('\n'), /warn: the test worker could not start \(no threads here\)/);
    r.dispose();
  });

  it('moves the tasks into this thread when the worker dies before it is ready', async () => {
    const { r, logs } = runner({ spawn: () => new Worker('throw new Error("core.js is missing")', { eval: true }) });
    assert.equal(await r.run(request({ text: 'x' })), 'in-process x');
    assert.match(logs.join('\n'), /core\.js is missing/);
    r.dispose();
  });

  it('rejects what is pending when disposed', async () => {
    const { r } = runner();
    const pending = r.run(request({ text: 'slow', spin: 5000 }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    r.dispose();
    await assert.rejects(pending, (err: unknown) => isAbort(err));
  });
});
