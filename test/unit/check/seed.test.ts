import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { checkGradients } from '../../../src/core/check/index';
import { NumericEnv } from '../../../src/core/numeric/env';
import { F64Evaluator } from '../../../src/core/numeric/f64/evaluate';
import { fdCheck } from '../../../src/core/numeric/fd';
import { leafValues } from '../../../src/core/numeric/leaves';
import { Rng } from '../../../src/core/numeric/prng';
import type { F64Tensor } from '../../../src/core/numeric/tensor';
import { autodiff } from '../../../src/core/numeric/tfjs/autodiff';
import { loadTf } from '../../../src/core/numeric/tfjs/load';
import { LossFunction } from '../../../src/core/check/reference';

const SEED = readFileSync(join(__dirname, '../../../examples/seed.py'), 'utf8');

function small(text: string): string {
  return text.replace(/1568/g, '12').replace(/1024/g, '9').replace(/\b10\b/g, '4').replace('N = 8', 'N = 3');
}

/** Plain-loop matrix product, written apart from the evaluator's kernels. */
function mm(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, x, k) => s + x * b[k][j], 0)));
}
const T = (a: number[][]) => a[0].map((_, j) => a.map((r) => r[j]));
const rows = (t: F64Tensor) => Array.from({ length: t.shape[0] }, (_, i) => Array.from(t.data.subarray(i * t.shape[1], (i + 1) * t.shape[1])));

describe('check: the seed network E = -Σ Y⊙log softmax(C·B·A)', () => {
  it('dE/dC, dE/dB, dE/dA: the textbook formula = autodiff = finite differences (small sizes)', async () => {
    const a = await analyze(small(SEED), { language: 'python' });
    const g = a.graph;
    const env = new NumericEnv({});
    const id = (n: string) => g.names.get(n) as number;
    const leaves = leafValues(g, env, g.nodes.map((n) => n.id), 3);
    const ev = new F64Evaluator(g, env, leaves);
    const fn = new LossFunction(ev, id('E'));
    const val = (n: string) => rows(fn.base.get(id(n)) as F64Tensor);
    const [C, B, A, Y] = ['C', 'B', 'A', 'Y'].map(val);
    // S = softmax(CBA) row-wise; dZ = S·rowsum(Y) − Y (rows of Y sum to 1 here).
    const Z = mm(mm(C, B), A);
    const S = Z.map((r) => {
      const m = Math.max(...r);
      const e = r.map((x) => Math.exp(x - m));
      const s = e.reduce((p, x) => p + x, 0);
      return e.map((x) => x / s);
    });
    const dZ = S.map((r, i) => r.map((s, j) => s - Y[i][j]));
    const expected: Record<string, number[][]> = { C: mm(mm(dZ, T(A)), T(B)), B: mm(mm(T(C), dZ), T(A)), A: mm(T(mm(C, B)), dZ) };
    const rt = await loadTf();
    const ad = autodiff(rt, g, env, leaves, id('E'), [id('C'), id('B'), id('A')]);
    for (const name of ['C', 'B', 'A']) {
      const got = ad.grads.get(id(name)) as F64Tensor;
      const want = expected[name].flat();
      const scale = Math.max(...want.map(Math.abs));
      want.forEach((w, i) => assert.ok(Math.abs(got.data[i] - w) <= 1e-5 * scale + 1e-4 * Math.abs(w), `d${name}[${i}]: autodiff ${got.data[i]} vs formula ${w}`));
      const fd = fdCheck(fn.probe, [{ node: id(name), value: fn.base.get(id(name)) as F64Tensor, grad: { shape: got.shape, data: Float64Array.from(want) } }], { rng: new Rng(7), precision: 'float64', directions: 2, samples: 3 });
      assert.ok(fd.ok && fd.checks.length === 5, `finite differences disagree with the formula for d${name}: ${JSON.stringify(fd.worst)}`);
    }
  });

  it('the hand-written dC, dB, dA are correct at small sizes', async () => {
    const r = await checkGradients(small(SEED), { language: 'python' });
    assert.equal(r.loss, 'E');
    for (const name of ['dZ', 'dC', 'dB', 'dA']) assert.equal(r.gradients.find((x) => x.name === name)?.verdict, 'correct', name);
  });

  it('… and at the real sizes (1568, 1024, N = 4)', async () => {
    const r = await checkGradients(SEED.replace('N = 8', 'N = 4'), { language: 'python' });
    assert.deepEqual(
      r.gradients.map((x) => [x.name, x.wrt, x.verdict]),
      [
        ['dZ', 'Z', 'correct'],
        ['dC', 'C', 'correct'],
        ['dB', 'B', 'correct'],
        ['dA', 'A', 'correct'],
      ],
    );
    assert.ok(r.gradients.every((x) => (x.maxRelError as number) < 1e-4));
  });

  it('finds the mistakes of a hand-written seed gradient', async () => {
    const text = small(SEED).replace('dC = dZ @ A.T @ B.T', 'dC = dZ @ B.T @ A.T'.replace('dZ @ B.T @ A.T', '-dZ @ A.T @ B.T')).replace('dA = (C @ B).T @ dZ', 'dA = (C @ B).T @ dZ / N');
    const r = await checkGradients(text, { language: 'python' });
    assert.equal(r.gradients.find((x) => x.name === 'dC')?.mistake, 'sign-flipped');
    const dA = r.gradients.find((x) => x.name === 'dA');
    assert.equal(dA?.mistake, 'scaled');
    assert.ok(Math.abs((dA?.factor as number) - 3) < 1e-3);
  });

  it('checks a named product of the chain at its own value, where evaluating C·(B·A) would be cheaper', async () => {
    // (C·B)·A costs 40·60·50 multiply-adds, C·(B·A) a tenth of that; P is named, so P = C·B is computed as written.
    const text = [
      'import numpy as np',
      'C = np.random.randn(40, 60)',
      'B = np.random.randn(60, 50) * 0.1',
      'A = np.random.randn(50, 2) * 0.1',
      'P = C @ B',
      'Z = P @ A',
      'E = 0.5 * np.sum(Z ** 2)',
      'dZ = Z',
      'dP = dZ @ A.T',
      'dA = P.T @ dZ',
      'dB = C.T @ dP',
      'dC = dP @ B.T',
      'grad_P = 2 * dZ @ A.T',
    ].join('\n');
    const r = await checkGradients(text, { language: 'python' });
    assert.deepEqual(
      r.gradients.map((x) => [x.name, x.wrt, x.verdict]),
      [
        // dZ = Z is the same value as Z, not a computation of its own.
        ['dP', 'P', 'correct'],
        ['dA', 'A', 'correct'],
        ['dB', 'B', 'correct'],
        ['dC', 'C', 'correct'],
        ['grad_P', 'P', 'wrong'],
      ],
    );
    const wrong = r.gradients.find((x) => x.name === 'grad_P');
    assert.equal(wrong?.mistake, 'scaled');
    // The factor is the reference over the hand value, as for every scaled verdict.
    assert.ok(Math.abs((wrong?.factor as number) - 0.5) < 1e-3, `factor ${wrong?.factor}`);
  });
});
