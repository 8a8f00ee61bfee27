import { strict as assert } from 'node:assert';
import { LossFunction } from '../../../src/core/check/reference';
import { NumericEnv } from '../../../src/core/numeric/env';
import { F64Evaluator } from '../../../src/core/numeric/f64/evaluate';
import { centralDifference, fdCheck, fdGradient } from '../../../src/core/numeric/fd';
import { Rng } from '../../../src/core/numeric/prng';
import { tensor, TestGraph } from './graph';

/** loss = Σ w·f(x) for an elementwise f, so the gradient is w·f'(x), known in closed form. */
function elementwise(op: string, x: number[], w: number[]) {
  const g = new TestGraph();
  const xi = g.input('x', [x.length], x);
  const wi = g.input('w', [w.length], w);
  const loss = g.op('sum', [g.op('mul', [g.op(op, [xi]), wi])], {}, 'loss');
  const fn = new LossFunction(new F64Evaluator(g.graph, new NumericEnv(), g.values), loss);
  return { fn, xi, value: tensor([x.length], x) };
}

describe('numeric/fd', () => {
  it('central differences recover a smooth derivative to ~1e-9', () => {
    const probe = (t: number) => ({ value: Math.sin(1 + t), kinks: '' });
    const d = centralDifference(probe, probe(0), 1e-5, () => false);
    assert.ok(d && Math.abs(d.value - Math.cos(1)) < 1e-9 && d.error < 1e-6, JSON.stringify(d));
  });

  it('accepts a right gradient and reports the worst elements of a wrong one', () => {
    const x = [0.3, -1.2, 2.0, 0.7];
    const w = [1, 2, -1, 0.5];
    const { fn, xi, value } = elementwise('tanh', x, w);
    const right = x.map((v, i) => w[i] * (1 - Math.tanh(v) ** 2));
    const ok = fdCheck(fn.probe, [{ node: xi, value, grad: tensor([4], right) }], { rng: new Rng(1), precision: 'float64', directions: 2, samples: 4 });
    assert.ok(ok.ok && ok.checks.length >= 5, JSON.stringify(ok.checks));
    const wrong = right.slice();
    wrong[2] *= -1;
    const bad = fdCheck(fn.probe, [{ node: xi, value, grad: tensor([4], wrong) }], { rng: new Rng(1), precision: 'float64', directions: 2, samples: 4 });
    assert.equal(bad.ok, false);
    assert.deepEqual(bad.worst[0].index, [2]);
    assert.ok(Math.abs(bad.worst[0].numeric - right[2]) < 1e-6 && bad.worst[0].analytic === wrong[2]);
    const full = fdGradient(fn.probe, xi, value);
    right.forEach((r, i) => assert.ok(Math.abs(full.data[i] - r) < 1e-8));
  });

  it('steps by the size of the finite entries: a -inf entry (a masked score) leaves the check finite', () => {
    const x = [0.3, -Infinity, 1.2, -0.5];
    const w = [1, 2, -1, 0.5];
    const { fn, xi, value } = elementwise('exp', x, w);
    const right = x.map((v, i) => w[i] * Math.exp(v));
    const report = fdCheck(fn.probe, [{ node: xi, value, grad: tensor([4], right) }], { rng: new Rng(1), precision: 'float64', directions: 2, samples: 4 });
    assert.ok(report.ok && Number.isFinite(report.step) && report.checks.every((c) => Number.isFinite(c.numeric)), JSON.stringify(report.checks));
  });

  it('never reports a mismatch at a ReLU kink: the step shrinks below the kink, or the probe is dropped', () => {
    // x[1] is within the first step (1e-6) of the kink; x[0] sits exactly on it.
    const x = [0, 3e-7, -2.0, 1.5];
    const w = [1, 1, 1, 1];
    const { fn, xi, value } = elementwise('relu', x, w);
    for (const atZero of [0, 1]) {
      // Any subgradient at 0 is acceptable: the probe through x[0] must never fail.
      const grad = tensor([4], [atZero, 1, 0, 1]);
      const r = fdCheck(fn.probe, [{ node: xi, value, grad }], { rng: new Rng(5), precision: 'float64', directions: 3, samples: 4 });
      assert.ok(r.ok, JSON.stringify(r.checks));
      assert.ok(r.skipped >= 1, 'the probes through x[0] are dropped');
      const near = r.checks.find((c) => c.index?.[0] === 1);
      if (near) assert.ok(near.step < 3e-7 && Math.abs(near.numeric - 1) < 1e-6, JSON.stringify(near));
    }
    // A wrong gradient away from the kink is still caught.
    const wrong = fdCheck(fn.probe, [{ node: xi, value, grad: tensor([4], [0, 1, 0, -1]) }], { rng: new Rng(5), precision: 'float64', directions: 0, samples: 4 });
    assert.equal(wrong.ok, false);
  });

  it('detects ties of max and maximum as kinks', () => {
    const x = [1, 1, 0.5];
    const { fn, xi, value } = elementwise('abs', x, [1, 1, 1]);
    assert.ok(fdCheck(fn.probe, [{ node: xi, value, grad: tensor([3], [1, 1, 1]) }], { rng: new Rng(2), precision: 'float64' }).ok);
    const g = new TestGraph();
    const t = g.input('x', [3], x);
    const loss = g.op('max', [t], {}, 'loss');
    const f = new LossFunction(new F64Evaluator(g.graph, new NumericEnv(), g.values), loss);
    // Half-half is one valid subgradient at the tie; the probes that split the tie are dropped.
    const r = fdCheck(f.probe, [{ node: t, value: tensor([3], x), grad: tensor([3], [0.5, 0.5, 0]) }], { rng: new Rng(2), precision: 'float64', directions: 2, samples: 3 });
    assert.ok(r.ok, JSON.stringify(r.checks));
  });
});
