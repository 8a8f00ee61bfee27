// vec, ⊗, Diag and I_C as the math front end writes them with graph ops: checked entry by entry in float64.
import { strict as assert } from 'node:assert';
import { evaluate, list } from './evaluate';

describe('math notation lowered to graph ops', () => {
  it('vec stacks the columns (column-major), whatever the shape', async () => {
    const r = await evaluate('X: 2 x 3\nx = vec(X)\n', { X: [[2, 3], [1, 2, 3, 4, 5, 6]] }, ['x']);
    assert.deepEqual(r.x.shape, [6, 1]);
    assert.deepEqual(list(r.x), [1, 4, 2, 5, 3, 6]);
  });

  it('A ⊗ B puts A[i,j]·B at block (i, j)', async () => {
    const r = await evaluate('P: 2 x 2\nQ: 2 x 3\nK = P ⊗ Q\n', { P: [[2, 2], [1, 2, 3, 4]], Q: [[2, 3], [0, 1, 2, 3, 4, 5]] }, ['K']);
    assert.deepEqual(r.K.shape, [4, 6]);
    const P = [[1, 2], [3, 4]];
    const Q = [[0, 1, 2], [3, 4, 5]];
    const want: number[] = [];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 6; j++) want.push(P[Math.floor(i / 2)][Math.floor(j / 3)] * Q[i % 2][j % 3]);
    assert.deepEqual(list(r.K), want);
  });

  it('Diag of a column vector is the diagonal matrix; I_C has as many rows as C', async () => {
    const r = await evaluate('x: 3\nC: 2 x 5\nD = Diag(x)\nJ = I_C\n', { x: [[3, 1], [1, 2, 3]], C: [[2, 5], Array(10).fill(0)] }, ['D', 'J']);
    assert.deepEqual(list(r.D), [1, 0, 0, 0, 2, 0, 0, 0, 3]);
    assert.deepEqual(r.J.shape, [2, 2]);
    assert.deepEqual(list(r.J), [1, 0, 0, 1]);
  });

  it('vec(C·P) = (Pᵀ ⊗ I_C)·vec(C), the identity the seed answer starts from', async () => {
    const C = [0.5, -1, 2, 3, 1.5, -2];
    const P = [1, 2, -1, 0.5, 3, 1, 2, -2, 0, 1, 1, 1];
    const r = await evaluate('C: 2 x 3\nP: 3 x 4\nv = vec(C P)\nM = P^T \\otimes I_C\nw = M*vec(C)\n', { C: [[2, 3], C], P: [[3, 4], P] }, ['v', 'w']);
    assert.deepEqual(r.w.shape, [8, 1]);
    list(r.v).forEach((v, i) => assert.ok(Math.abs(v - r.w.data[i]) < 1e-12, `entry ${i}: ${v} vs ${r.w.data[i]}`));
  });
});
