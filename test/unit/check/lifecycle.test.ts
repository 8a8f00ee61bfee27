import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGradients } from '../../../src/core/check/index';
import { loadTf } from '../../../src/core/numeric/tfjs/load';

const TWO_LAYER = readFileSync(join(__dirname, '../../fixtures/check/two_layer.py'), 'utf8');
const SEED = readFileSync(join(__dirname, '../../../examples/seed.py'), 'utf8');

describe('check: resources, cancellation, budgets', () => {
  it('releases every TensorFlow.js tensor (20 checks in a row)', async () => {
    const { tf } = await loadTf();
    await checkGradients(TWO_LAYER, { language: 'python' });
    const start = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      await checkGradients(i % 2 ? TWO_LAYER : SEED.replace('N = 8', 'N = 2').replace(/1568/g, '40').replace(/1024/g, '30'), { language: 'python', seed: i });
      assert.equal(tf.memory().numTensors, start, `check ${i} left tensors behind`);
    }
  });

  it('leaves no process-wide error hooks behind (the wasm runtime installs rethrowing ones)', async () => {
    await loadTf();
    const ours = (l: unknown) => String(l).includes('ExitStatus');
    assert.ok(!process.listeners('uncaughtException').some(ours));
    assert.ok(!process.listeners('unhandledRejection').some(ours));
  });

  it('rejects with an AbortError when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(checkGradients(TWO_LAYER, { language: 'python', signal: ac.signal }), (e: Error) => e.name === 'AbortError');
  });

  it('stops at the time budget: what is left is unchecked, never wrong', async () => {
    const r = await checkGradients(TWO_LAYER, { language: 'python', timeBudgetMs: 0 });
    assert.ok(r.gradients.length > 0);
    for (const g of r.gradients) assert.equal(g.verdict, 'unchecked', g.message);
    assert.ok(r.gradients.every((g) => /time budget/.test(g.message)));
  });

  it('refuses a run over the element budget', async () => {
    const r = await checkGradients(SEED, { language: 'python', elementBudget: 1e6 });
    const p = r.problems.find((q) => q.code === 'too-large');
    assert.ok(p && /budget of 1\.0M/.test(p.message), p?.message);
    assert.ok(r.gradients.every((g) => g.verdict === 'unchecked'));
  });

  it('reports the precision and tolerances it used', async () => {
    const r = await checkGradients(TWO_LAYER, { language: 'python' });
    assert.equal(r.check.precision, 'float32');
    assert.ok(r.check.rtol > 0 && r.check.rtol <= 1e-3 && r.check.atol > 0);
    assert.ok(r.check.ms >= 0);
  });
});
