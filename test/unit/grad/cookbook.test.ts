// Matrix Cookbook identities: the printed closed form and the numbers, against finite
// differences of a loss written independently in this file.
import { strict as assert } from 'node:assert';
import { derive, type DeriveOptions } from '../../../src/core/grad/index';
import { det, evaluate, fdGradient, had, type Inputs, inv, map, mm, oneHot, randn, relError, rng, sigmoid, softmaxRows, sub, sum, T, zip } from './reference';

interface Case {
  name: string;
  expr: string;
  wrt: string;
  shapes: DeriveOptions['shapes'];
  assume?: string[];
  /** The closed form Grad Lens must print. */
  text: string;
  /** The same loss, by hand. */
  loss: (v: Inputs) => number;
  /** Inputs; defaults to standard normal at the shapes (symbol N = 3). */
  inputs?: (g: ReturnType<typeof rng>) => Inputs;
  assumptions?: string[];
}

const N = 3;
const dimsOf = (d: number | string) => (typeof d === 'number' ? d : N);
const sq = (x: number) => x * x;
const logSoftmaxCE = (Y: Inputs[string], Z: Inputs[string]) => -sum(had(Y, map(softmaxRows(Z), Math.log)));
const nearIdentity = (n: number, g: ReturnType<typeof rng>) => randn(n, n, g, 0.2).map((r, i) => r.map((v, j) => v + (i === j ? 1 : 0)));

const CASES: Case[] = [
  { name: 'd tr(AXB)/dX = AᵀBᵀ', expr: 'tr(A*X*B)', wrt: 'X', shapes: { A: [3, 4], X: [4, 5], B: [5, 3] }, text: 'Aᵀ·Bᵀ', loss: (v) => mm(v.A, v.X, v.B).reduce((s, r, i) => s + r[i], 0) },
  { name: 'd xᵀBx/dx = (B + Bᵀ)x', expr: "x'*B*x", wrt: 'x', shapes: { x: [4], B: [4, 4] }, text: '(B + Bᵀ)·x', loss: (v) => mm(T(v.x), v.B, v.x)[0][0] },
  {
    name: 'd xᵀBx/dx = 2Bx for symmetric B',
    expr: "x'*B*x",
    wrt: 'x',
    shapes: { x: [4], B: [4, 4] },
    assume: ['B is symmetric'],
    assumptions: ['B is symmetric'],
    text: '2·B·x',
    loss: (v) => mm(T(v.x), v.B, v.x)[0][0],
    inputs: (g) => {
      const R = randn(4, 4, g);
      return { x: randn(4, 1, g), B: zip(R, T(R), (a, b) => (a + b) / 2) };
    },
  },
  { name: 'd aᵀXb/dX = abᵀ', expr: "a'*X*b", wrt: 'X', shapes: { a: [3], X: [3, 4], b: [4] }, text: 'a·bᵀ', loss: (v) => mm(T(v.a), v.X, v.b)[0][0] },
  { name: '‖XW − Y‖² → 2Xᵀ(XW − Y)', expr: 'norm(X*W - Y)^2', wrt: 'W', shapes: { X: ['N', 4], W: [4, 2], Y: ['N', 2] }, text: '2·Xᵀ·(X·W − Y)', loss: (v) => sum(map(sub(mm(v.X, v.W), v.Y), sq)) },
  {
    name: 'd log det X/dX = X⁻ᵀ',
    expr: 'log(det(X))',
    wrt: 'X',
    shapes: { X: [4, 4] },
    text: 'X⁻ᵀ',
    loss: (v) => Math.log(det(v.X)),
    inputs: (g) => ({ X: nearIdentity(4, g) }),
  },
  {
    name: 'd aᵀX⁻¹b/dX = −X⁻ᵀabᵀX⁻ᵀ',
    expr: "a'*inv(X)*b",
    wrt: 'X',
    shapes: { a: [4], X: [4, 4], b: [4] },
    text: '−X⁻ᵀ·a·bᵀ·X⁻ᵀ',
    loss: (v) => mm(T(v.a), inv(v.X), v.b)[0][0],
    inputs: (g) => ({ a: randn(4, 1, g), X: nearIdentity(4, g), b: randn(4, 1, g) }),
  },
  { name: 'd det X/dX = det(X)X⁻ᵀ', expr: 'det(X)', wrt: 'X', shapes: { X: [3, 3] }, text: 'det(X)·X⁻ᵀ', loss: (v) => det(v.X), inputs: (g) => ({ X: nearIdentity(3, g) }) },
  { name: 'Hadamard: d sum(A ⊙ X)/dX = A', expr: 'sum(A .* X)', wrt: 'X', shapes: { A: [3, 4], X: [3, 4] }, text: 'A', loss: (v) => sum(had(v.A, v.X)) },
  { name: 'Hadamard: d sum(X ⊙ X)/dX = 2X', expr: 'sum(X .* X)', wrt: 'X', shapes: { X: [3, 4] }, text: '2·X', loss: (v) => sum(had(v.X, v.X)) },
  { name: 'Hadamard with a product: d (AX) : B/dX = AᵀB', expr: 'sum((A*X) .* B)', wrt: 'X', shapes: { A: [3, 4], X: [4, 5], B: [3, 5] }, text: 'Aᵀ·B', loss: (v) => sum(had(mm(v.A, v.X), v.B)) },
  { name: 'd tr(XᵀX)/dX = 2X', expr: "tr(X'*X)", wrt: 'X', shapes: { X: [3, 4] }, text: '2·X', loss: (v) => sum(had(v.X, v.X)) },
  {
    name: 'softmax cross-entropy, one-hot Y: Xᵀ(S − Y)',
    expr: '-sum(Y .* log(softmax(X*W)))',
    wrt: 'W',
    shapes: { X: ['N', 4], W: [4, 3], Y: ['N', 3] },
    assume: ['Y is one-hot'],
    assumptions: ['rows of Y sum to 1'],
    text: 'Xᵀ·(softmax(X·W) − Y)',
    loss: (v) => logSoftmaxCE(v.Y, mm(v.X, v.W)),
    inputs: (g) => ({ X: randn(N, 4, g), W: randn(4, 3, g), Y: oneHot(N, 3, g) }),
  },
  {
    name: 'softmax cross-entropy, general Y: Xᵀ(Diag(Y1)S − Y)',
    expr: '-sum(Y .* log(softmax(X*W)))',
    wrt: 'W',
    shapes: { X: ['N', 4], W: [4, 3], Y: ['N', 3] },
    text: 'Xᵀ·(Diag(Y·1)·softmax(X·W) − Y)',
    loss: (v) => logSoftmaxCE(v.Y, mm(v.X, v.W)),
  },
  {
    name: 'logistic loss (softplus form): −Xᵀ(σ(−y ⊙ Xw) ⊙ y)',
    expr: 'sum(log(1 + exp(-y .* (X*w))))',
    wrt: 'w',
    shapes: { X: ['N', 4], w: [4], y: ['N'] },
    text: '−Xᵀ·(sigmoid(−y ⊙ (X·w)) ⊙ y)',
    loss: (v) => mm(v.X, v.w).reduce((s, r, i) => s + Math.log(1 + Math.exp(-v.y[i][0] * r[0])), 0),
  },
  {
    name: 'logistic loss (cross-entropy form): Xᵀ(σ(Xw) − y)',
    expr: '-sum(y .* log(sigmoid(X*w)) + (1 - y) .* log(1 - sigmoid(X*w)))',
    wrt: 'w',
    shapes: { X: ['N', 4], w: [4], y: ['N'] },
    text: 'Xᵀ·(sigmoid(X·w) − y)',
    loss: (v) => -mm(v.X, v.w).reduce((s, r, i) => s + v.y[i][0] * Math.log(sigmoid(r[0])) + (1 - v.y[i][0]) * Math.log(1 - sigmoid(r[0])), 0),
  },
  {
    name: 'tanh layer: Xᵀ(B ⊙ (1 − tanh²(XW)))',
    expr: 'sum(tanh(X*W) .* B)',
    wrt: 'W',
    shapes: { X: ['N', 4], W: [4, 3], B: ['N', 3] },
    text: 'Xᵀ·(B ⊙ (1 − tanh²(X·W)))',
    loss: (v) => sum(had(map(mm(v.X, v.W), Math.tanh), v.B)),
  },
  {
    name: 'sigmoid layer: Xᵀ(B ⊙ σ ⊙ (1 − σ))',
    expr: 'sum(sigmoid(X*W) .* B)',
    wrt: 'W',
    shapes: { X: ['N', 4], W: [4, 3], B: ['N', 3] },
    text: 'Xᵀ·(B ⊙ sigmoid(X·W) ⊙ (1 − sigmoid(X·W)))',
    loss: (v) => sum(had(map(mm(v.X, v.W), sigmoid), v.B)),
  },
  {
    name: 'two-layer MLP, first layer: Xᵀ(((S − Y)W₂ᵀ) ⊙ (1 − tanh²(XW₁)))',
    expr: '-sum(Y .* log(softmax(tanh(X*W1)*W2)))',
    wrt: 'W1',
    shapes: { X: ['N', 4], W1: [4, 5], W2: [5, 3], Y: ['N', 3] },
    assume: ['rows of Y sum to 1'],
    assumptions: ['rows of Y sum to 1'],
    text: 'Xᵀ·(((softmax(tanh(X·W1)·W2) − Y)·W2ᵀ) ⊙ (1 − tanh²(X·W1)))',
    loss: (v) => logSoftmaxCE(v.Y, mm(map(mm(v.X, v.W1), Math.tanh), v.W2)),
    inputs: (g) => ({ X: randn(N, 4, g), W1: randn(4, 5, g), W2: randn(5, 3, g), Y: oneHot(N, 3, g) }),
  },
  {
    name: 'two-layer MLP, second layer: tanh(XW₁)ᵀ(S − Y)',
    expr: '-sum(Y .* log(softmax(tanh(X*W1)*W2)))',
    wrt: 'W2',
    shapes: { X: ['N', 4], W1: [4, 5], W2: [5, 3], Y: ['N', 3] },
    assume: ['rows of Y sum to 1'],
    assumptions: ['rows of Y sum to 1'],
    text: 'tanh(X·W1)ᵀ·(softmax(tanh(X·W1)·W2) − Y)',
    loss: (v) => logSoftmaxCE(v.Y, mm(map(mm(v.X, v.W1), Math.tanh), v.W2)),
    inputs: (g) => ({ X: randn(N, 4, g), W1: randn(4, 5, g), W2: randn(5, 3, g), Y: oneHot(N, 3, g) }),
  },
];

describe('grad: Matrix Cookbook identities', () => {
  CASES.forEach((c, k) => {
    it(c.name, () => {
      const r = derive(c.expr, { wrt: c.wrt, shapes: c.shapes, assume: c.assume });
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.equal(r.gradient.text, c.text);
      assert.deepEqual(r.assumptions, c.assumptions ?? []);
      assert.ok(r.verified.maxRelError < 1e-6, `verified ${r.verified.maxRelError}`);
      const g = rng(1000 + k);
      const inputs = c.inputs?.(g) ?? Object.fromEntries(Object.entries(c.shapes).map(([name, s]) => [name, randn(dimsOf(s[0]), s.length > 1 ? dimsOf(s[1]) : 1, g)]));
      const symbolic = evaluate(r.expr.gradient, r.expr.loss, inputs);
      const numeric = fdGradient(c.loss, inputs, c.wrt);
      assert.ok(relError(symbolic, numeric) < 1e-6, `symbolic vs finite differences: ${relError(symbolic, numeric)}`);
    });
  });

  it('has at least fifteen identities', () => assert.ok(CASES.length >= 15));
});
