import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, checkGradients } from '../../../src/core/index';
import { DEFAULT_ELEMENT_BUDGET, DEFAULT_WORK_BUDGET } from '../../../src/core/numeric/env';
import { LOOP_UNROLL_BOUND, LOOP_UNROLL_BUDGET } from '../../../src/core/trace/tracer';
import { assertVerdicts } from './expect';

/**
 * Issue 6, limits: tensors over the element budget (and forward passes over the work
 * budget) are analysed symbolically and checked at reduced sizes, with a diagnostic saying
 * so; loops unrolled while tracing are bounded, alone and nested; every check has a time
 * budget and stops when cancelled.
 */
const FIXTURES = join(__dirname, '../../fixtures/robustness');
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const SEED = readFileSync(join(__dirname, '../../../examples/seed.py'), 'utf8');

describe('robustness: limits', function () {
  this.timeout(120_000);

  describe('the element budget: checked at reduced sizes', () => {
    it('N = 100000 (a Python variable) is checked at N = 8, and the verdicts hold', async () => {
      const text = read('large_two_layer.py');
      const a = await analyze(text, { language: 'python' });
      // The analysis keeps the real sizes.
      assert.deepEqual(a.layers.find((l) => l.name === 'hpre')?.shape, [100000, 512]);
      const r = await checkGradients(text, { language: 'python' });
      const p = r.problems.find((q) => q.code === 'reduced-size');
      assert.ok(p, r.problems.map((q) => q.message).join('\n'));
      assert.equal(p.severity, 'info');
      assert.match(p.message, /^checked at N = 8 instead of 100000: at the full sizes the numeric check would hold 526\.1M tensor elements, more than the budget of 50\.0M/);
      assert.equal(r.analysis.lines.lineOf(p.related[0].span.start), 4, 'points at N = 100000');
      assert.ok(!r.problems.some((q) => q.code === 'too-large'));
      assertVerdicts('large_two_layer.py', text, r.gradients);
    });

    it('keeps the relations between sizes, and a size the code needs (P·P = D for a reshape) is not reduced', async () => {
      const text = read('large_relations.py');
      const r = await checkGradients(text, { language: 'python' });
      const p = r.problems.find((q) => q.code === 'reduced-size');
      // H = N // 500 would be 0 at N = 8: the next size that keeps it alive is used.
      assert.match(p?.message ?? '', /^checked at N = 512 instead of 60000:/);
      assert.doesNotMatch(p?.message ?? '', /\bP =/);
      assertVerdicts('large_relations.py', text, r.gradients);
    });

    it('a symbol sized by the settings (--dims N=2000000) is checked at N = 8', async () => {
      const text = read('large_declared.py');
      const r = await checkGradients(text, { language: 'python', dims: { N: 2_000_000 } });
      assert.match(r.problems.find((q) => q.code === 'reduced-size')?.message ?? '', /^checked at N = 8 instead of 2000000: at the full sizes the numeric check would hold 3\.3G tensor elements/);
      assertVerdicts('large_declared.py', text, r.gradients);
    });

    it('a lower elementBudget reduces sooner; nothing to reduce (literal sizes inline) is refused, never run', async () => {
      const r = await checkGradients(read('large_two_layer.py').replace(/^N = 100000$/m, 'N = 64'), { language: 'python', elementBudget: 100_000 });
      // The largest sizes go first, each to its own small size (a transposed gradient stays visible).
      assert.match(r.problems.find((q) => q.code === 'reduced-size')?.message ?? '', /^checked at D = 8 instead of 784, H = 9 instead of 512: .* more than the budget of 100\.0k/);
      const s = await checkGradients(SEED, { language: 'python', elementBudget: 1e6 });
      assert.ok(s.problems.some((q) => q.code === 'too-large'));
      assert.ok(s.gradients.every((g) => g.verdict === 'unchecked'));
      assert.equal(DEFAULT_ELEMENT_BUDGET, 50e6);
    });

    it('sizes far beyond memory (10**30, 99999999999) never allocate: reduced or refused', async () => {
      const text = read('large_two_layer.py').replace(/^N = 100000$/m, 'N = 10**30').replace(/^H = 512$/m, 'H = 99999999999');
      const heap = process.memoryUsage().heapUsed;
      const r = await checkGradients(text, { language: 'python' });
      assert.ok(r.problems.some((q) => q.code === 'reduced-size' || q.code === 'too-large'), r.problems.map((q) => q.message).join('\n'));
      assert.ok(process.memoryUsage().heapUsed - heap < 500e6);
      assert.ok(r.gradients.every((g) => g.verdict !== 'wrong'), r.gradients.map((g) => g.message).join('\n'));
    });
  });

  describe('the work budget (multiply-adds of one forward pass)', () => {
    it('a forward pass within the element budget but too slow to repeat is checked at reduced sizes', async () => {
      const text = read('large_two_layer.py').replace(/^N = 100000$/m, 'N = 4000');
      const r = await checkGradients(text, { language: 'python', workBudget: 1e8 });
      const p = r.problems.find((q) => q.code === 'reduced-size');
      assert.match(p?.message ?? '', /^checked at N = 8 instead of 4000: at the full sizes one evaluation of the forward pass would take 1\.6G multiply-adds, more than the budget of 100\.0M/);
      assertVerdicts('large_two_layer.py', text, r.gradients);
      assert.ok(DEFAULT_WORK_BUDGET >= 1.1e8, 'the seed network at N = 64 (1.04e8 multiply-adds) runs at its own sizes');
    });
  });

  describe('loops unrolled while tracing', () => {
    const loop = (n: number | string, depth = 1) => {
      let text = 'import numpy as np\nh = np.zeros((4, 4))\nW = np.ones((4, 4))\n';
      for (let d = 0; d < depth; d++) text += `${'    '.repeat(d)}for i${d} in range(${n}):\n`;
      return `${text}${'    '.repeat(depth)}h = np.tanh(h @ W)\n`;
    };
    const tanhNodes = (a: Awaited<ReturnType<typeof analyze>>) => a.graph.nodes.filter((n) => n.op === 'tanh').length;

    it(`up to LOOP_UNROLL_BOUND (${LOOP_UNROLL_BOUND}) iterations are unrolled; longer loops are traced once, with an info`, async () => {
      const a = await analyze(loop(LOOP_UNROLL_BOUND), { language: 'python' });
      assert.equal(tanhNodes(a), LOOP_UNROLL_BOUND);
      assert.ok(!a.problems.some((p) => p.code === 'loop-bound'));
      for (const n of [LOOP_UNROLL_BOUND + 1, 10 ** 9, '10**30', 'N']) {
        const b = await analyze(loop(n), { language: 'python' });
        assert.equal(tanhNodes(b), 1, String(n));
        if (n !== 'N') assert.match(b.problems.find((p) => p.code === 'loop-bound')?.message ?? '', /traces its body once for shapes \(unrolling is bounded at 64 per loop/);
      }
    });

    it(`nested loops share a budget of ${LOOP_UNROLL_BUDGET} iterations (four nested loops of 64 would run 16.7 million times)`, async () => {
      const two = await analyze(loop(64, 2), { language: 'python' });
      assert.equal(tanhNodes(two), 64 * 64);
      assert.ok(!two.problems.some((p) => p.code === 'loop-bound'));
      const t = performance.now();
      const four = await analyze(loop(64, 4), { language: 'python' });
      assert.ok(performance.now() - t < 5000);
      assert.ok(tanhNodes(four) <= 2 * LOOP_UNROLL_BUDGET, String(tanhNodes(four)));
      const bounded = four.problems.filter((p) => p.code === 'loop-bound');
      assert.ok(bounded.length >= 1 && bounded.length <= 3, 'one info per loop, not one per iteration');
      const unrolled = Number(/inside loops already unrolled (\d+) times/.exec(bounded[0].message)?.[1]);
      assert.ok(unrolled > LOOP_UNROLL_BUDGET - 64 && unrolled <= LOOP_UNROLL_BUDGET, bounded[0].message);
      // The shapes are the same either way.
      assert.deepEqual(four.layers.filter((l) => l.name === 'h').pop()?.shape, [4, 4]);
    });
  });

  describe('time budget and cancellation', () => {
    const big = SEED.replace('N = 8 ', 'N = 64');

    it('every check has a time budget: what is left is unchecked, never wrong', async () => {
      const t = performance.now();
      const r = await checkGradients(big, { language: 'python', timeBudgetMs: 50 });
      assert.ok(performance.now() - t < 2000, `took ${performance.now() - t} ms`);
      assert.ok(r.gradients.every((g) => g.verdict !== 'wrong'));
    });

    it('Cancel: an abort during the check rejects with an AbortError soon after (the check yields between probes)', async () => {
      await checkGradients(big, { language: 'python' }); // warm: tfjs, parser, leaf cache
      // Measured against the same check run to the end on this machine, so load scales both sides.
      const t0 = performance.now();
      await checkGradients(big, { language: 'python', seed: 1 });
      const full = performance.now() - t0;
      // A run can be quicker than the one measured; one that ends before its abort is due has
      // nothing to cancel and is not counted, but most must be cancelled.
      let cancelled = 0;
      for (const fraction of [0.1, 0.3, 0.5]) {
        const after = full * fraction;
        const ac = new AbortController();
        const start = performance.now();
        setTimeout(() => ac.abort(), after);
        const error = await checkGradients(big, { language: 'python', signal: ac.signal, seed: 2 }).then(
          () => undefined,
          (e: Error) => e,
        );
        // Without a working Cancel the promise would settle only when the check is done.
        const latency = performance.now() - (start + after);
        assert.ok(latency < 0.25 * full + 20, `settled ${Math.round(latency)} ms after the abort was due; the whole check takes ${Math.round(full)} ms`);
        if (error === undefined) continue;
        assert.equal(error.name, 'AbortError', error.message);
        cancelled++;
      }
      assert.ok(cancelled >= 2, `${cancelled} of 3 checks were cancelled`);
    });

    it('an abort before the start rejects at once; an unaborted signal changes nothing', async () => {
      const ac = new AbortController();
      ac.abort();
      await assert.rejects(checkGradients(big, { language: 'python', signal: ac.signal }), (e: Error) => e.name === 'AbortError');
      const r = await checkGradients(read('large_two_layer.py'), { language: 'python', signal: new AbortController().signal });
      assert.ok(r.gradients.length > 0 && r.gradients.every((g) => g.verdict === 'correct'));
    });
  });
});
