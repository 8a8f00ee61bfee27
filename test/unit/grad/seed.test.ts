// The seed: E = −Σ Y ⊙ log softmax(C·B·A); dE/dC, dE/dB, dE/dA symbolic = finite differences,
// at small sizes and at the question's sizes (A 1024×10, B 1568×1024, C N×1568, N = 4).
import { strict as assert } from 'node:assert';
import { derive } from '../../../src/core/grad/index';
import { evaluate, fdDirectional, fdGradient, had, type Inputs, type M, map, mm, oneHot, randn, relError, rng, softmaxRows, sum } from './reference';

const SEED = '-sum(Y .* log(softmax(C*B*A)))';
const loss = (v: Inputs) => -sum(had(v.Y, map(softmaxRows(mm(v.C, v.B, v.A)), Math.log)));

const EXPECTED = {
  C: '(softmax(C·B·A) − Y)·Aᵀ·Bᵀ',
  B: 'Cᵀ·(softmax(C·B·A) − Y)·Aᵀ',
  A: 'Bᵀ·Cᵀ·(softmax(C·B·A) − Y)',
} as const;

const GENERAL = {
  C: '(Diag(Y·1)·softmax(C·B·A) − Y)·Aᵀ·Bᵀ',
  B: 'Cᵀ·(Diag(Y·1)·softmax(C·B·A) − Y)·Aᵀ',
  A: 'Bᵀ·Cᵀ·(Diag(Y·1)·softmax(C·B·A) − Y)',
} as const;

function shapes(k: number, h: number, d: number) {
  return { A: [h, k], B: [d, h], C: ['N', d], Y: ['N', k] } as Record<string, (number | string)[]>;
}

describe('grad: the seed', () => {
  const small = shapes(3, 5, 6);
  for (const wrt of ['C', 'B', 'A'] as const) {
    it(`dE/d${wrt} with one-hot Y at small sizes: printed and numerically right`, () => {
      const r = derive(SEED, { wrt, shapes: small, assume: ['rows of Y sum to 1'] });
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.equal(r.gradient.text, EXPECTED[wrt]);
      assert.deepEqual(r.assumptions, ['rows of Y sum to 1']);
      const g = rng(7);
      const v: Inputs = { A: randn(5, 3, g), B: randn(6, 5, g), C: randn(4, 6, g), Y: oneHot(4, 3, g) };
      assert.ok(relError(evaluate(r.expr.gradient, r.expr.loss, v), fdGradient(loss, v, wrt)) < 1e-6);
    });

    it(`dE/d${wrt} with general Y: Diag(Y·1)·S − Y, no assumption`, () => {
      const r = derive(SEED, { wrt, shapes: small });
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.equal(r.gradient.text, GENERAL[wrt]);
      assert.deepEqual(r.assumptions, []);
      const g = rng(8);
      const v: Inputs = { A: randn(5, 3, g), B: randn(6, 5, g), C: randn(4, 6, g), Y: randn(4, 3, g) };
      const symbolic = evaluate(r.expr.gradient, r.expr.loss, v);
      assert.ok(relError(symbolic, fdGradient(loss, v, wrt)) < 1e-6);
      // And the one-hot form is wrong here: the assumption matters.
      const simple = derive(SEED, { wrt, shapes: small, assume: ['rows of Y sum to 1'] });
      assert.ok(simple.ok);
      assert.ok(relError(evaluate(simple.expr.gradient, simple.expr.loss, v), symbolic) > 1e-3);
    });
  }

  it('shows the derivation in the style of the seed answer', () => {
    const r = derive(SEED, { wrt: 'C', shapes: shapes(10, 1024, 1568) });
    assert.ok(r.ok, r.ok ? '' : r.error);
    const text = r.steps.map((s) => s.text);
    assert.deepEqual(text.slice(0, 3), ['Let Z = C·B·A and S = softmax(Z) (softmax row by row)', 'E = −Y : log(S)', 'dE = −Y : d log(S) = −Y : dS ⊘ S = −Y ⊘ S : dS']);
    assert.ok(text.some((t) => t.includes('Diag(s) − s·sᵀ')), 'the softmax Jacobian');
    assert.ok(text.includes('dE = (Diag(Y·1)·S − Y) : dZ = (Diag(Y·1)·S − Y) : dC·B·A = (Diag(Y·1)·S − Y)·Aᵀ·Bᵀ : dC'));
    assert.ok(text.includes('∂E/∂C = (Diag(Y·1)·S − Y)·Aᵀ·Bᵀ, with S = softmax(C·B·A)'));
    assert.match(text[text.length - 1], /^If rows of Y sum to 1 .* ∂E\/∂C = \(S − Y\)·Aᵀ·Bᵀ/);
    for (const s of r.steps) assert.ok(s.latex.length > 0 && !s.latex.includes('·'), s.latex);
  });

  describe("at the question's sizes (A 1024×10, B 1568×1024, C N×1568, N = 4)", function () {
    this.timeout(120_000);
    const real = shapes(10, 1024, 1568);
    const g = rng(42);
    const v: Inputs = { A: randn(1024, 10, g, 0.01), B: randn(1568, 1024, g, 0.01), C: randn(4, 1568, g), Y: oneHot(4, 10, g) };
    for (const wrt of ['C', 'B', 'A'] as const) {
      it(`dE/d${wrt}: verified at full size, and symbolic = finite differences along random directions`, () => {
        const r = derive(SEED, { wrt, shapes: real, assume: ['rows of Y sum to 1'], dims: { N: 4 }, verify: 'full' });
        assert.ok(r.ok, r.ok ? '' : r.error);
        assert.equal(r.gradient.text, EXPECTED[wrt]);
        assert.equal(r.verified.reduced, false);
        assert.deepEqual(r.verified.shapes[wrt], [v[wrt].length, v[wrt][0].length]);
        assert.ok(r.verified.maxRelError < 1e-6, `${r.verified.maxRelError}`);
        const G = evaluate(r.expr.gradient, r.expr.loss, v);
        assert.deepEqual([G.length, G[0].length], [v[wrt].length, v[wrt][0].length]);
        for (let k = 0; k < 2; k++) {
          const dir: M = randn(v[wrt].length, v[wrt][0].length, g);
          const analytic = sum(had(G, dir));
          const numeric = fdDirectional(loss, v, wrt, dir);
          assert.ok(Math.abs(analytic - numeric) <= 1e-6 * Math.abs(numeric) + 1e-9, `${analytic} vs ${numeric}`);
        }
      });
    }
  });
});
