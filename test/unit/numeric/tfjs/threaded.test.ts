import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { THREADED_FILES } from '../../../../src/core/numeric/tfjs/threaded';

const { writeThreadedWasm } = require('../../../../build/threaded-wasm.cjs') as { writeThreadedWasm: (dest: string) => void };

interface Run {
  backend: string;
  threads: number;
  note: string | null;
  hashes: string[];
  mainTicks: number;
  startedTicks: number[];
}

const RUNNER = join(__dirname, 'threaded-run.ts');

/** threaded-run.ts in a process of its own; `nodeArgs` before the script (e.g. a V8 flag). */
function run(folder: string, threads: number, nodeArgs: string[] = []): Run {
  // tsx's ESM hooks need SharedArrayBuffer themselves; its require hook does not.
  const r = spawnSync(process.execPath, [...nodeArgs, '--require', 'tsx/cjs', RUNNER, folder, String(threads)], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `threaded-run.ts failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Run;
}

/** A folder with the single-threaded builds' .wasm, plus whatever `extra` writes into it. */
function folder(root: string, name: string, extra: (dir: string) => void = () => {}): string {
  const dir = join(root, name);
  mkdirSync(dir);
  const stock = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) copyFileSync(join(stock, f), join(dir, f));
  extra(dir);
  return dir;
}

describe('numeric/tfjs threaded: the threaded SIMD build under Node, and its single-threaded fallbacks', function () {
  this.timeout(600_000);
  let root: string;
  let threaded: Run;
  let single: Run;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'grad-lens-threads-'));
    const full = folder(root, 'full', writeThreadedWasm);
    threaded = run(full, 2);
    single = run(full, 1);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('runs XNNPACK with a pool of two threads, the second one doing a real share of the work', () => {
    assert.equal(threaded.backend, 'wasm');
    assert.equal(threaded.note, null);
    assert.equal(threaded.threads, 2);
    // A thread started while loading (the pool's worker) ran the products with the main
    // thread: an idle or spinning worker would log next to no CPU time.
    assert.ok(Math.max(...threaded.startedTicks) >= 0.2 * threaded.mainTicks, JSON.stringify(threaded));
  });

  it('computes the seed gradients bit for bit as the single-threaded build does', () => {
    assert.equal(single.threads, 1);
    assert.equal(single.note, null);
    assert.ok(single.startedTicks.every((t) => t < 0.2 * single.mainTicks), JSON.stringify(single));
    assert.equal(threaded.hashes.length, 3);
    assert.deepEqual(threaded.hashes, single.hashes);
  });

  it('falls back to the single-threaded build, with the same gradients, without SharedArrayBuffer', () => {
    const r = run(join(root, 'full'), 2, ['--no-harmony-sharedarraybuffer']);
    assert.equal(r.backend, 'wasm');
    assert.equal(r.threads, 1);
    assert.match(r.note ?? '', /single-threaded: SharedArrayBuffer is not available/);
    assert.deepEqual(r.hashes, single.hashes);
  });

  it('falls back when the pthread worker script is missing, or its worker cannot start', () => {
    const missing = run(folder(root, 'missing'), 2);
    assert.equal(missing.threads, 1);
    assert.match(missing.note ?? '', new RegExp(`single-threaded: .*${THREADED_FILES.worker.replace(/\./g, '\\.')}.* not found`));
    assert.deepEqual(missing.hashes, single.hashes);

    const broken = folder(root, 'broken', (dir) => {
      writeThreadedWasm(dir);
      writeFileSync(join(dir, THREADED_FILES.worker), "throw new Error('this pthread worker cannot start');\n");
    });
    const r = run(broken, 2);
    assert.equal(r.threads, 1);
    assert.match(r.note ?? '', /the threaded build did not start \(this pthread worker cannot start\)/);
    assert.deepEqual(r.hashes, single.hashes);
  });
});
