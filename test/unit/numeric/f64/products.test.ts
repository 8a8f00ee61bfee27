import { strict as assert } from 'node:assert';
import { matmul, noteNonZeros, product2d } from '../../../../src/core/numeric/f64/linalg';
import { Rng } from '../../../../src/core/numeric/prng';
import type { F64Tensor } from '../../../../src/core/numeric/tensor';
import { assertClose } from '../graph';

const rng = new Rng(9);
const dense = (r: number, c: number): F64Tensor => ({ shape: [r, c], data: rng.normals(r * c) });

/** The product by the definition, one entry at a time. */
function reference(a: F64Tensor, b: F64Tensor): Float64Array {
  const [m, k] = a.shape;
  const n = b.shape[1];
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) out[i * n + j] += a.data[i * k + p] * b.data[p * n + j];
  return out;
}

describe('numeric/f64 products in blocks', () => {
  it('match the definition for every remainder of the row and inner blocks, with and without a transposed operand', () => {
    const t = (x: F64Tensor): F64Tensor => ({ shape: [x.shape[1], x.shape[0]], data: Float64Array.from({ length: x.data.length }, (_, i) => x.data[(i % x.shape[0]) * x.shape[1] + Math.floor(i / x.shape[0])]) });
    for (const m of [1, 4, 7, 70]) {
      for (const k of [1, 2, 3, 5, 6, 10, 33, 70]) {
        for (const n of [1, 2, 9]) {
          const a = dense(m, k);
          const b = dense(k, n);
          const want = reference(a, b);
          assertClose(matmul(a, b).data, want, 1e-12, `(${m}, ${k}, ${n})`);
          assertClose(product2d(a, t(b), false, true).data, want, 1e-12, `(${m}, ${k}, ${n}) with bᵀ`);
          assertClose(product2d(t(a), b, true, false).data, want, 1e-12, `(${m}, ${k}, ${n}) with aᵀ`);
        }
      }
    }
  });
});

describe('numeric/f64 products with a mostly-zero operand (one-element probes)', () => {
  it('gives the dense result with the zeros on either side, found by a scan or known beforehand', () => {
    for (const known of [false, true]) {
      const left: F64Tensor = { shape: [40, 60], data: new Float64Array(40 * 60) };
      left.data[7 * 60 + 13] = 2.5;
      left.data[39 * 60 + 59] = -1;
      const right: F64Tensor = { shape: [60, 50], data: new Float64Array(60 * 50) };
      right.data[59 * 50 + 0] = 3;
      if (known) {
        noteNonZeros(left.data, [7 * 60 + 13, 39 * 60 + 59]);
        noteNonZeros(right.data, [59 * 50]);
      }
      const B = dense(60, 50);
      const A = dense(40, 60);
      assertClose(matmul(left, B).data, reference(left, B), 1e-12, 'sparse · dense');
      assertClose(matmul(A, right).data, reference(A, right), 1e-12, 'dense · sparse');
    }
  });

  it('keeps NumPy’s 0·inf = NaN: an operand with inf or NaN goes through the dense product', () => {
    const left: F64Tensor = { shape: [40, 60], data: new Float64Array(40 * 60) };
    left.data[0] = 1;
    const B = dense(60, 50);
    B.data[5 * 50 + 3] = Infinity;
    const out = matmul(left, B);
    assert.ok(Number.isNaN(out.data[3 + 50 * 1]), 'a row of zeros times a column holding inf is NaN');
  });
});
