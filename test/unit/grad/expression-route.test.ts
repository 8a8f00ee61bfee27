// derive(EXPR) is traced as a note declaring the shapes and derived from the graph, as the
// editor derives notes and code: the same steps, the note's notation, errors at their place.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { derive, deriveFromGraph } from '../../../src/core/grad/index';
import { evaluate, fdGradient, type Inputs, mm, randn, relError, rng, sum, T } from './reference';

const SEED = '-sum(Y .* log(softmax(C*B*A)))';
const SHAPES = { A: [5, 3], B: [6, 5], C: ['N', 6], Y: ['N', 3] };

/** The gradient symbolic = central differences of a loss written here, at random inputs. */
function agrees(r: ReturnType<typeof derive>, loss: (v: Inputs) => number, inputs: Inputs, wrt: string): void {
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.ok(relError(evaluate(r.expr.gradient, r.expr.loss, inputs), fdGradient(loss, inputs, wrt)) < 1e-6);
}

describe('grad: derive(EXPR) through the traced graph', () => {
  it('gives the derivation the editor gives for the same note', async () => {
    const note = 'A: 5 x 3\nB: 6 x 5\nC: N x 6\nY: N x 3\nE = -sum(Y .* log(softmax(C*B*A)))\n';
    const a = await analyze(note, { language: 'math', fileName: 'seed.md' });
    const fromNote = deriveFromGraph(a.graph, 'E', 'C');
    const fromExpr = derive(SEED, { wrt: 'C', shapes: SHAPES });
    assert.ok(fromNote.ok && fromExpr.ok);
    assert.equal(fromExpr.gradient.text, '(Diag(Y·1)·softmax(C·B·A) − Y)·Aᵀ·Bᵀ');
    assert.deepEqual(fromExpr.steps, fromNote.steps);
    assert.deepEqual(fromExpr.gradient, fromNote.gradient);
  });

  it('reads a run of known letters as their product, in plain text as in LaTeX', () => {
    const plain = derive('-sum(Y .* log(softmax(CBA)))', { wrt: 'C', shapes: SHAPES });
    const spelled = derive(SEED, { wrt: 'C', shapes: SHAPES });
    assert.ok(plain.ok && spelled.ok);
    assert.deepEqual(plain.steps, spelled.steps);
    const g = rng(3);
    agrees(derive('xx^T : A', { wrt: 'x', shapes: { x: [3], A: [3, 3] } }), (v) => mm(T(v.x), v.A, v.x)[0][0], { x: randn(3, 1, g), A: randn(3, 3, g) }, 'x');
  });

  it('sizes I and 1 by context, reads Diag(x), and scales by a 1×1 product', () => {
    const ones = derive('\\mathbf{1}^T X \\mathbf{1}', { wrt: 'X', shapes: { X: [3, 4] } });
    assert.ok(ones.ok, ones.ok ? '' : ones.error);
    assert.equal(ones.gradient.text, '1·1ᵀ');
    const identity = derive('tr(I_X * X)', { wrt: 'X', shapes: { X: [3, 3] } });
    assert.ok(identity.ok, identity.ok ? '' : identity.error);
    assert.equal(identity.gradient.text, 'I');
    const g = rng(4);
    const diag = derive('tr(Diag(x) * A)', { wrt: 'x', shapes: { x: [3], A: [3, 3] } });
    agrees(diag, (v) => v.x.reduce((s, [xi], i) => s + xi * v.A[i][i], 0), { x: randn(3, 1, g), A: randn(3, 3, g) }, 'x');
    assert.ok(diag.ok && diag.gradient.text === 'diag(Aᵀ)', diag.ok ? diag.gradient.text : diag.error);
    const scaled = derive("sum((x'*x) * A)", { wrt: 'x', shapes: { x: [3], A: [3, 3] } });
    agrees(scaled, (v) => mm(T(v.x), v.x)[0][0] * sum(v.A), { x: randn(3, 1, g), A: randn(3, 3, g) }, 'x');
  });

  it('reads diag of a vector and a 1×1 factor in a note the same way', async () => {
    const a = await analyze("x: 3\nA: 3 x 3\nD = diag(x)\nS = (x'*x) * A\nd = diag(A)\n", { language: 'math', fileName: 'n.md' });
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info').map((p) => p.message), []);
    const shape = (name: string) => a.layers.find((l) => l.name === name)?.shape;
    assert.deepEqual([shape('D'), shape('S'), shape('d')], [[3, 3], [3, 3], [3]]);
  });

  it('names the loss as the expression does, and divides by a size', () => {
    const r = derive('L = sum(X .* X) / N', { wrt: 'X', shapes: { X: ['N', 4] } });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.loss, 'L');
    assert.equal(r.gradient.text, '2·X / N');
  });

  it('points at what it cannot read: an unknown function, a name without a shape, shapes that do not fit', () => {
    const at = (expr: string, r: ReturnType<typeof derive>) => (!r.ok && r.span ? expr.slice(r.span.start, r.span.end) : null);
    const unknown = 'sum(foo(X) .* X)';
    const u = derive(unknown, { wrt: 'X', shapes: { X: [3, 3] } });
    assert.ok(!u.ok && u.reason === 'derive' && /^cannot differentiate `foo`/.test(u.error), u.ok ? 'derived' : u.error);
    assert.equal(at(unknown, u), 'foo(X)');
    const unshaped = derive('tr(A*X)', { wrt: 'X', shapes: { X: [4, 3] } });
    assert.ok(!unshaped.ok && unshaped.reason === 'input' && unshaped.error === 'no shape for `A`: give one with --shape A=RxC', unshaped.ok ? '' : unshaped.error);
    assert.equal(at('tr(A*X)', unshaped), 'A');
    const misfit = derive('tr(A*X)', { wrt: 'X', shapes: { A: [3, 4], X: [5, 3] } });
    assert.ok(!misfit.ok && misfit.reason === 'input' && /^the expression does not fit the shapes: .*inner dimensions differ \(4 vs 5\)/.test(misfit.error), misfit.ok ? '' : misfit.error);
    assert.ok(!misfit.ok && !misfit.error.includes('line 1'), 'a one-line expression has no line numbers');
    assert.equal(at('tr(A*X)', misfit), 'A*X');
    // A note reads a name it meets elementwise as data; an expression to derive gives every shape (or uses a size).
    const data = derive('sum(X .* q)', { wrt: 'X', shapes: { X: [3, 3] } });
    assert.ok(!data.ok && data.reason === 'input' && data.error === 'no shape for `q`: give one with --shape q=RxC', data.ok ? '' : data.error);
  });

  it('says that a loss without the variable does not depend on it, also once simplified', () => {
    const constant = derive('1', { wrt: 'X', shapes: { X: [3, 3] } });
    assert.ok(!constant.ok && constant.reason === 'input' && constant.error === 'the expression does not use X', constant.ok ? '' : constant.error);
    const zero = derive('sum(X) * 0', { wrt: 'X', shapes: { X: [3, 3] } });
    assert.ok(!zero.ok && zero.reason === 'input' && /^E = 0 once simplified: it does not depend on X$/.test(zero.error), zero.ok ? '' : zero.error);
  });
});
