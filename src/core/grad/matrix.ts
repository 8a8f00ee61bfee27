/**
 * Dense float64 matrices (row-major) and the kernels the symbolic evaluator needs.
 * Plain loops over Float64Array: exact IEEE double arithmetic, no float32 anywhere.
 */

import { chainOrder } from '../numeric/chain-order';
import { luDecompose, luDet, luInverse } from '../numeric/f64/lu';

export interface Mat {
  rows: number;
  cols: number;
  data: Float64Array;
}

export const mat = (rows: number, cols: number, data = new Float64Array(rows * cols)): Mat => ({ rows, cols, data });

export function filled(rows: number, cols: number, v: number): Mat {
  return mat(rows, cols, new Float64Array(rows * cols).fill(v));
}

export function eye(n: number): Mat {
  const m = mat(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function transpose(a: Mat): Mat {
  const out = mat(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out.data[j * a.rows + i] = a.data[i * a.cols + j];
  return out;
}

export function matmul(a: Mat, b: Mat): Mat {
  if (a.cols !== b.rows) throw new Error(`matmul ${a.rows}×${a.cols} · ${b.rows}×${b.cols}`);
  const { rows: n, cols: k } = a;
  const m = b.cols;
  const out = mat(n, m);
  const A = a.data;
  const B = b.data;
  const C = out.data;
  // i-k-j order: the inner loop runs along rows of B and C.
  for (let i = 0; i < n; i++) {
    const ci = i * m;
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p];
      if (aip === 0) continue;
      const bp = p * m;
      for (let j = 0; j < m; j++) C[ci + j] += aip * B[bp + j];
    }
  }
  return out;
}

/** The cheapest order for a product chain, then the products. */
export function matmulChain(ms: Mat[]): Mat {
  if (ms.length === 1) return ms[0];
  if (ms.length === 2) return matmul(ms[0], ms[1]);
  return chainOrder([ms[0].rows, ...ms.map((m) => m.cols)], (i) => ms[i], matmul).result;
}

/** Elementwise with NumPy broadcasting of 1-sized axes. */
export function zip(a: Mat, b: Mat, f: (x: number, y: number) => number): Mat {
  const rows = a.rows === 1 ? b.rows : a.rows;
  const cols = a.cols === 1 ? b.cols : a.cols;
  if ((a.rows !== rows && a.rows !== 1) || (b.rows !== rows && b.rows !== 1) || (a.cols !== cols && a.cols !== 1) || (b.cols !== cols && b.cols !== 1)) {
    throw new Error(`broadcast ${a.rows}×${a.cols} with ${b.rows}×${b.cols}`);
  }
  const out = mat(rows, cols);
  const [ar, ac, br, bc] = [a.rows === 1 ? 0 : a.cols, a.cols === 1 ? 0 : 1, b.rows === 1 ? 0 : b.cols, b.cols === 1 ? 0 : 1];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out.data[i * cols + j] = f(a.data[i * ar + j * ac], b.data[i * br + j * bc]);
  return out;
}

export function map(a: Mat, f: (x: number) => number): Mat {
  const out = mat(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = f(a.data[i]);
  return out;
}

export function sum(a: Mat, axis: 0 | 1 | null): Mat {
  return fold(a, axis, 0, (acc, v) => acc + v);
}

export function prod(a: Mat, axis: 0 | 1 | null): Mat {
  return fold(a, axis, 1, (acc, v) => acc * v);
}

/** The entries folded from `init` over everything (1×1), down the columns (1×c) or along the rows (r×1). */
function fold(a: Mat, axis: 0 | 1 | null, init: number, step: (acc: number, v: number) => number): Mat {
  const out = axis === null ? mat(1, 1) : axis === 0 ? mat(1, a.cols) : mat(a.rows, 1);
  out.data.fill(init);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) {
    const k = axis === null ? 0 : axis === 0 ? j : i;
    out.data[k] = step(out.data[k], a.data[i * a.cols + j]);
  }
  return out;
}

/** Row-wise softmax, shifted by the row maximum so exp never overflows. */
export function softmax(a: Mat): Mat {
  const out = mat(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < a.cols; j++) max = Math.max(max, a.data[i * a.cols + j]);
    let s = 0;
    for (let j = 0; j < a.cols; j++) s += out.data[i * a.cols + j] = Math.exp(a.data[i * a.cols + j] - max);
    for (let j = 0; j < a.cols; j++) out.data[i * a.cols + j] /= s;
  }
  return out;
}

/** Row-wise (x − mean) / √(biased variance + eps). */
export function standardize(a: Mat, eps: number): Mat {
  const out = mat(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    const row = a.data.subarray(i * a.cols, (i + 1) * a.cols);
    const mean = row.reduce((s, v) => s + v, 0) / a.cols;
    const std = Math.sqrt(row.reduce((s, v) => s + (v - mean) ** 2, 0) / a.cols + eps);
    for (let j = 0; j < a.cols; j++) out.data[i * a.cols + j] = (row[j] - mean) / std;
  }
  return out;
}

export function det(a: Mat): number {
  return luDet(luDecompose(a.data, a.rows), a.rows);
}

/** The inverse; NaN everywhere for a singular matrix (the symbolic evaluator compares, never throws). */
export function inv(a: Mat): Mat {
  const n = a.rows;
  const f = luDecompose(a.data, n);
  if (f.singular) return filled(n, n, NaN);
  const out = mat(n, n);
  luInverse(f, n, out.data);
  return out;
}

export function kron(a: Mat, b: Mat): Mat {
  const out = mat(a.rows * b.rows, a.cols * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++)
      for (let k = 0; k < b.rows; k++)
        for (let l = 0; l < b.cols; l++) out.data[(i * b.rows + k) * out.cols + j * b.cols + l] = a.data[i * a.cols + j] * b.data[k * b.cols + l];
  return out;
}

export function frobeniusDot(a: Mat, b: Mat): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i] * b.data[i];
  return s;
}

export function frobeniusNorm(a: Mat): number {
  return Math.sqrt(frobeniusDot(a, a));
}
