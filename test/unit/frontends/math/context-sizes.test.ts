// Identities and vectors of ones sized by the product they are in, not by their subscript: checked entry by entry in float64, and by the gradient check.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { checkGradients } from '../../../../src/core/check/index';
import { evaluate, list } from './evaluate';

const X = [1, -2, 0.5, 3, 1, -1]; // 2 × 3
const W = [0.5, 1, -1, 2, 0, 1, 1.5, -0.5, 2, 1, -1, 0.25]; // 3 × 4

describe('math: identities and ones sized by their context', () => {
  it('I_k in (I_k ⊗ X)·vec(W) has the size that makes the product conform (4), though k is no size of the note', async () => {
    const r = await evaluate('X: 2 x 3\nW: 3 x 4\nw = vec(W)\nz = (I_k \\otimes X) w\nv = vec(X W)\n', { X: [[2, 3], X], W: [[3, 4], W] }, ['z', 'v']);
    assert.deepEqual(r.z.shape, [8, 1]);
    list(r.v).forEach((v, i) => assert.ok(Math.abs(v - r.z.data[i]) < 1e-12, `entry ${i}: ${v} vs ${r.z.data[i]}`));
  });

  it('I_W in M = Pᵀ ⊗ I_W, used as M·vec(C), has as many rows as C, not as W', async () => {
    const C = [0.5, -1, 2, 3, 1.5, -2];
    const note = 'C: 2 x 3\nW: 5 x 5\nP: 3 x 4\nM = P^T \\otimes I_W\nc = vec(C)\nz = M c\nv = vec(C P)\n';
    const r = await evaluate(note, { C: [[2, 3], C], P: [[3, 4], W] }, ['M', 'z', 'v']);
    assert.deepEqual(r.M.shape, [8, 6]);
    list(r.v).forEach((v, i) => assert.ok(Math.abs(v - r.z.data[i]) < 1e-12, `entry ${i}: ${v} vs ${r.z.data[i]}`));
  });

  it('keeps the size symbolic: the seed answer’s M = AᵀBᵀ ⊗ I_c is (10·N, 1568·N)', async () => {
    const a = await analyze('A: 1024 x 10\nB: 1568 x 1024\nC: N x 1568\nM = A^TB^T\\otimes I_c\nc = vec(C)\nz = M c\n', { language: 'math' });
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(a.layers.find((l) => l.name === 'M')?.shape, ['10*N', '1568*N']);
    assert.deepEqual(a.layers.find((l) => l.name === 'z')?.shape, ['10*N', 1]);
  });

  it('an identity beside a matrix in a product takes the side it meets', async () => {
    const r = await evaluate('X: 2 x 3\nL = I_n X\nR = X I_n\n', { X: [[2, 3], X] }, ['L', 'R']);
    assert.deepEqual([r.L.shape, r.R.shape], [[2, 3], [2, 3]]);
    assert.deepEqual([list(r.L), list(r.R)], [X, X]);
  });

  it('\\mathbf{1} is the vector of ones the product needs: row sums, column sums, a sum of entries', async () => {
    const note = 'X: 2 x 3\ny: 4\nr = X \\mathbf{1}\nc = \\mathbf{1}^T X\ns = y : \\mathbf{1}\nt = \\mathbf{1}_m^T X \\mathbf{1}_m\n';
    const r = await evaluate(note, { X: [[2, 3], X], y: [[4, 1], [1, 2, 3, 4]] }, ['r', 'c', 's', 't']);
    assert.deepEqual(r.r.shape, [2, 1]);
    assert.deepEqual(list(r.r), [1 - 2 + 0.5, 3 + 1 - 1]);
    assert.deepEqual(r.c.shape, [1, 3]);
    assert.deepEqual(list(r.c), [4, -1, -0.5]);
    assert.deepEqual(list(r.s), [10]);
    assert.deepEqual(list(r.t), [2.5]);
  });

  it('the check judges a derivation written with I_k: the correct line holds, the one missing its 2 is scaled', async function () {
    this.timeout(120_000);
    const note = [
      'X: N x 3',
      'W: 3 x 2',
      'Y: N x 2',
      'w = vec(W)',
      'z = (I_k \\otimes X) w',
      'y = vec(Y)',
      'E = \\|z - y\\|^2',
      '',
      '$$\\frac{\\partial E}{\\partial w} = 2 (I_k \\otimes X)^T (z - y)$$',
      '',
      '$$\\nabla_w E = (I_k \\otimes X)^T (z - y)$$',
      '',
    ].join('\n');
    const r = await checkGradients(note, { language: 'math', fileName: 'least_squares.md' });
    assert.deepEqual(r.analysis.problems.filter((p) => p.severity !== 'info').map((p) => p.message), []);
    const byLine = r.gradients.map((g) => [g.line, g.verdict, g.mistake]);
    assert.deepEqual(byLine, [
      [9, 'correct', null],
      [11, 'wrong', 'scaled'],
    ]);
    assert.ok(Math.abs((r.gradients[1].factor ?? 0) - 2) < 1e-6, `the factor that fixes it: ${r.gradients[1].factor}`);
  });
});
