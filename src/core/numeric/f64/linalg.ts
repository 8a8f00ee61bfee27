import { broadcastMap } from '../index-plan';
import { type F64Tensor, sizeOf, stridesOf } from '../tensor';
import { broadcastShape } from './broadcast';

/**
 * C[m×n] += A[m×k]·B[k×n], row-major. Blocks of 4 rows × 4 of k keep sixteen entries of A
 * in registers while one pass over four rows of B updates four rows of C (each B load
 * feeds four multiply-adds); with many rows, k is tiled so that the block of B stays in
 * cache. About 3–8 GFLOP/s in V8, against ~1.5 for the plain i-k-j loop.
 */
export function gemm(A: Float64Array, aOff: number, B: Float64Array, bOff: number, C: Float64Array, cOff: number, m: number, k: number, n: number): void {
  const KC = m <= 16 ? k : 64;
  for (let pc = 0; pc < k; pc += KC) {
    const pe = Math.min(k, pc + KC);
    let i = 0;
    for (; i + 3 < m; i += 4) {
      const c0 = cOff + i * n;
      const c1 = c0 + n;
      const c2 = c1 + n;
      const c3 = c2 + n;
      const a0 = aOff + i * k;
      const a1 = a0 + k;
      const a2 = a1 + k;
      const a3 = a2 + k;
      let p = pc;
      for (; p + 3 < pe; p += 4) {
        const x00 = A[a0 + p], x01 = A[a0 + p + 1], x02 = A[a0 + p + 2], x03 = A[a0 + p + 3];
        const x10 = A[a1 + p], x11 = A[a1 + p + 1], x12 = A[a1 + p + 2], x13 = A[a1 + p + 3];
        const x20 = A[a2 + p], x21 = A[a2 + p + 1], x22 = A[a2 + p + 2], x23 = A[a2 + p + 3];
        const x30 = A[a3 + p], x31 = A[a3 + p + 1], x32 = A[a3 + p + 2], x33 = A[a3 + p + 3];
        const b0 = bOff + p * n;
        const b1 = b0 + n;
        const b2 = b1 + n;
        const b3 = b2 + n;
        for (let j = 0; j < n; j++) {
          const u = B[b0 + j];
          const v = B[b1 + j];
          const w = B[b2 + j];
          const z = B[b3 + j];
          C[c0 + j] += x00 * u + x01 * v + x02 * w + x03 * z;
          C[c1 + j] += x10 * u + x11 * v + x12 * w + x13 * z;
          C[c2 + j] += x20 * u + x21 * v + x22 * w + x23 * z;
          C[c3 + j] += x30 * u + x31 * v + x32 * w + x33 * z;
        }
      }
      // A remainder of two or three k: one more pass over the rows of C instead of two or three.
      for (; p + 1 < pe; p += 2) {
        const x00 = A[a0 + p], x01 = A[a0 + p + 1];
        const x10 = A[a1 + p], x11 = A[a1 + p + 1];
        const x20 = A[a2 + p], x21 = A[a2 + p + 1];
        const x30 = A[a3 + p], x31 = A[a3 + p + 1];
        const b0 = bOff + p * n;
        const b1 = b0 + n;
        for (let j = 0; j < n; j++) {
          const u = B[b0 + j];
          const v = B[b1 + j];
          C[c0 + j] += x00 * u + x01 * v;
          C[c1 + j] += x10 * u + x11 * v;
          C[c2 + j] += x20 * u + x21 * v;
          C[c3 + j] += x30 * u + x31 * v;
        }
      }
      for (; p < pe; p++) {
        const x0 = A[a0 + p], x1 = A[a1 + p], x2 = A[a2 + p], x3 = A[a3 + p];
        const b0 = bOff + p * n;
        for (let j = 0; j < n; j++) {
          const u = B[b0 + j];
          C[c0 + j] += x0 * u;
          C[c1 + j] += x1 * u;
          C[c2 + j] += x2 * u;
          C[c3 + j] += x3 * u;
        }
      }
    }
    for (; i < m; i++) {
      const ci = cOff + i * n;
      const ai = aOff + i * k;
      let p = pc;
      for (; p + 3 < pe; p += 4) {
        const a0 = A[ai + p], a1 = A[ai + p + 1], a2 = A[ai + p + 2], a3 = A[ai + p + 3];
        const b0 = bOff + p * n;
        const b1 = b0 + n;
        const b2 = b1 + n;
        const b3 = b2 + n;
        for (let j = 0; j < n; j++) C[ci + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
      }
      for (; p < pe; p++) {
        const a = A[ai + p];
        const b0 = bOff + p * n;
        for (let j = 0; j < n; j++) C[ci + j] += a * B[b0 + j];
      }
    }
  }
}

/** Products smaller than this (multiply-adds) never look for zeros. */
const SPARSE_MIN_WORK = 1 << 16;
/** An operand with at most this fraction of non-zeros is multiplied entry by entry. */
const SPARSE_FRACTION = 1 / 32;

/** Whole arrays already found finite: a probe multiplies the same large operand many times. */
const knownFinite = new WeakSet<Float64Array>();

function finite(X: Float64Array, off: number, len: number): boolean {
  if (knownFinite.has(X)) return true;
  for (let i = off; i < off + len; i++) if (X[i] - X[i] !== 0) return false;
  if (off === 0 && len === X.length) knownFinite.add(X);
  return true;
}

/**
 * C += A·B when A or B is mostly zeros, as a finite-difference probe of one element (a
 * one-hot direction) makes it: each non-zero of A adds a scaled row of B, each non-zero of B
 * a scaled column of A. Returns false, having done nothing, when both are dense (or the
 * other one holds inf or NaN, which 0·inf must turn into NaN as NumPy does).
 */
function sparseProduct(A: Float64Array, aOff: number, B: Float64Array, bOff: number, C: Float64Array, cOff: number, m: number, k: number, n: number): boolean {
  if (m * k * n < SPARSE_MIN_WORK) return false;
  const fewA = nonZeroList(A, aOff, m * k);
  if (fewA && finite(B, bOff, k * n)) {
    for (const q of fewA) {
      const i = Math.floor(q / k);
      const b0 = bOff + (q % k) * n;
      const c0 = cOff + i * n;
      const x = A[aOff + q];
      for (let j = 0; j < n; j++) C[c0 + j] += x * B[b0 + j];
    }
    return true;
  }
  const fewB = nonZeroList(B, bOff, k * n);
  if (fewB && finite(A, aOff, m * k)) {
    for (const q of fewB) {
      const p = Math.floor(q / n);
      const j = q % n;
      const y = B[bOff + q];
      for (let i = 0; i < m; i++) C[cOff + i * n + j] += A[aOff + i * k + p] * y;
    }
    return true;
  }
  return false;
}

/** Arrays whose only non-zero entries are known (a one-element probe's direction): no scan needed. */
const knownNonZeros = new WeakMap<Float64Array, readonly number[]>();

/** Records that `data` is zero but at `indices` (the caller must not change it afterwards). */
export function noteNonZeros(data: Float64Array, indices: readonly number[]): void {
  knownNonZeros.set(data, indices);
}

/** The positions (from `off`) of the non-zeros of a mostly-zero block, or null when it is dense. */
function nonZeroList(X: Float64Array, off: number, len: number): readonly number[] | null {
  const limit = SPARSE_FRACTION * len;
  const known = off === 0 && len === X.length ? knownNonZeros.get(X) : undefined;
  if (known) return known.length <= limit ? known : null;
  // A count that gives up as soon as the block is too dense (a dense operand answers at once,
  // allocating nothing), then the list, for the sparse blocks only.
  let count = 0;
  for (let q = 0; q < len; q++) if (X[off + q] !== 0 && ++count > limit) return null;
  const list = new Array<number>(count);
  for (let q = 0, c = 0; c < count; q++) if (X[off + q] !== 0) list[c++] = q;
  return list;
}

/** np.matmul: 1-D operands are promoted and the added axis dropped; leading axes broadcast. */
export function matmul(a: F64Tensor, b: F64Tensor): F64Tensor {
  if (a.shape.length === 0 || b.shape.length === 0) throw new Error('matmul needs operands of rank ≥ 1');
  const aVec = a.shape.length === 1;
  const bVec = b.shape.length === 1;
  const as = aVec ? [1, a.shape[0]] : a.shape;
  const bs = bVec ? [b.shape[0], 1] : b.shape;
  const m = as[as.length - 2];
  const k = as[as.length - 1];
  const n = bs[bs.length - 1];
  if (bs[bs.length - 2] !== k) throw new Error(`matmul: inner dimensions differ (${k} vs ${bs[bs.length - 2]})`);
  const batchA = as.slice(0, -2);
  const batchB = bs.slice(0, -2);
  const batch = broadcastShape(batchA, batchB);
  const mapA = broadcastMap(batchA, batch);
  const mapB = broadcastMap(batchB, batch);
  const nb = sizeOf(batch);
  const out = new Float64Array(nb * m * n);
  for (let t = 0; t < nb; t++) {
    if (!sparseProduct(a.data, mapA[t] * m * k, b.data, mapB[t] * k * n, out, t * m * n, m, k, n)) gemm(a.data, mapA[t] * m * k, b.data, mapB[t] * k * n, out, t * m * n, m, k, n);
  }
  return { shape: [...batch, ...(aVec ? [] : [m]), ...(bVec ? [] : [n])], data: out };
}

/**
 * C[m×n] += A[m×k]·B[n×k]ᵀ: each entry a dot product of two contiguous rows, so that `X @ B.T`
 * needs no transposed copy of B.
 */
function gemmNT(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number): void {
  // Four rows of A against two rows of B: eight sums in registers, six loads per eight multiply-adds.
  let j = 0;
  for (; j + 1 < n; j += 2) {
    const b0 = j * k;
    const b1 = b0 + k;
    let i = 0;
    for (; i + 3 < m; i += 4) {
      const a0 = i * k;
      const a1 = a0 + k;
      const a2 = a1 + k;
      const a3 = a2 + k;
      let s00 = 0;
      let s10 = 0;
      let s20 = 0;
      let s30 = 0;
      let s01 = 0;
      let s11 = 0;
      let s21 = 0;
      let s31 = 0;
      for (let p = 0; p < k; p++) {
        const y0 = B[b0 + p];
        const y1 = B[b1 + p];
        const x0 = A[a0 + p];
        const x1 = A[a1 + p];
        const x2 = A[a2 + p];
        const x3 = A[a3 + p];
        s00 += x0 * y0;
        s10 += x1 * y0;
        s20 += x2 * y0;
        s30 += x3 * y0;
        s01 += x0 * y1;
        s11 += x1 * y1;
        s21 += x2 * y1;
        s31 += x3 * y1;
      }
      C[i * n + j] += s00;
      C[(i + 1) * n + j] += s10;
      C[(i + 2) * n + j] += s20;
      C[(i + 3) * n + j] += s30;
      C[i * n + j + 1] += s01;
      C[(i + 1) * n + j + 1] += s11;
      C[(i + 2) * n + j + 1] += s21;
      C[(i + 3) * n + j + 1] += s31;
    }
    for (; i < m; i++) {
      C[i * n + j] += dot(A, i * k, B, b0, k);
      C[i * n + j + 1] += dot(A, i * k, B, b1, k);
    }
  }
  for (; j < n; j++) for (let i = 0; i < m; i++) C[i * n + j] += dot(A, i * k, B, j * k, k);
}

function dot(X: Float64Array, x0: number, Y: Float64Array, y0: number, k: number): number {
  let s = 0;
  for (let p = 0; p < k; p++) s += X[x0 + p] * Y[y0 + p];
  return s;
}

/** op(a)·op(b) for 2-D operands, op transposing when asked, without copying a transposed right operand. */
export function product2d(a: F64Tensor, b: F64Tensor, transposeA: boolean, transposeB: boolean): F64Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error('a planned product needs 2-D operands');
  const left = transposeA ? transpose(a, null) : a;
  // Dot products pay off along long rows; over a short inner axis, transposing b is cheap and gemm is faster.
  if (!transposeB || b.shape[1] < 32) return matmul(left, transposeB ? transpose(b, null) : b);
  const [m, k] = left.shape;
  const [n, kb] = b.shape;
  if (kb !== k) throw new Error(`matmul: inner dimensions differ (${k} vs ${kb})`);
  const out = new Float64Array(m * n);
  gemmNT(left.data, b.data, out, m, k, n);
  return { shape: [m, n], data: out };
}

export function transpose(x: F64Tensor, permAttr: unknown): F64Tensor {
  const rank = x.shape.length;
  const perm = Array.isArray(permAttr) ? (permAttr as number[]).map((p) => (p < 0 ? p + rank : p)) : Array.from({ length: rank }, (_, i) => rank - 1 - i);
  const shape = perm.map((p) => x.shape[p]);
  const data = new Float64Array(x.data.length);
  if (rank === 2 && perm[0] === 1) {
    // In tiles, so that both the rows read and the columns written stay in cache.
    const [r, c] = x.shape;
    const T = 16;
    for (let i0 = 0; i0 < r; i0 += T) {
      const i1 = Math.min(r, i0 + T);
      for (let j0 = 0; j0 < c; j0 += T) {
        const j1 = Math.min(c, j0 + T);
        for (let j = j0; j < j1; j++) {
          const o = j * r;
          for (let i = i0; i < i1; i++) data[o + i] = x.data[i * c + j];
        }
      }
    }
    return { shape, data };
  }
  const inStrides = stridesOf(x.shape);
  const step = perm.map((p) => inStrides[p]);
  const idx = new Array<number>(rank).fill(0);
  let off = 0;
  for (let e = 0; e < data.length; e++) {
    data[e] = x.data[off];
    for (let a = rank - 1; a >= 0; a--) {
      idx[a]++;
      off += step[a];
      if (idx[a] < shape[a]) break;
      off -= step[a] * idx[a];
      idx[a] = 0;
    }
  }
  return { shape, data };
}

/** Applies `f` to each n×n matrix of a (..., n, n) stack. */
export function perMatrix(x: F64Tensor, name: string, f: (offset: number, n: number, index: number) => void): { batch: number[]; n: number } {
  const r = x.shape.length;
  if (r < 2 || x.shape[r - 1] !== x.shape[r - 2]) throw new Error(`${name} needs square matrices, got (${x.shape.join(', ')})`);
  const n = x.shape[r - 1];
  const batch = x.shape.slice(0, -2);
  const count = sizeOf(batch);
  for (let t = 0; t < count; t++) f(t * n * n, n, t);
  return { batch, n };
}
