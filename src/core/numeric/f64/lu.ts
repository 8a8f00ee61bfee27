/**
 * LU decomposition with partial pivoting of one n×n row-major matrix, for det, logdet
 * and inv (shared by the float64 evaluator and the custom TensorFlow.js ops).
 */
export interface Lu {
  lu: Float64Array;
  perm: Int32Array;
  sign: number;
  singular: boolean;
}

export function luDecompose(a: ArrayLike<number>, n: number, offset = 0): Lu {
  const lu = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) lu[i] = a[offset + i];
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let sign = 1;
  let singular = false;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best === 0) {
      singular = true;
      continue;
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
      sign = -sign;
    }
    const pivot = lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k] /= pivot);
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
    }
  }
  return { lu, perm, sign, singular };
}

export function luDet(d: Lu, n: number): number {
  if (d.singular) return 0;
  let det = d.sign;
  for (let i = 0; i < n; i++) det *= d.lu[i * n + i];
  return det;
}

/** log det, NaN for a negative determinant (as torch.logdet), -Infinity for a singular matrix. */
export function luLogDet(d: Lu, n: number): number {
  if (d.singular) return -Infinity;
  let s = d.sign;
  let log = 0;
  for (let i = 0; i < n; i++) {
    const v = d.lu[i * n + i];
    if (v < 0) s = -s;
    log += Math.log(Math.abs(v));
  }
  return s > 0 ? log : NaN;
}

/** The inverse, written into `out` at `offset`; throws for a singular matrix. */
export function luInverse(d: Lu, n: number, out: Float64Array, offset = 0): void {
  if (d.singular) throw new Error('the matrix is singular');
  const col = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) col[i] = d.perm[i] === c ? 1 : 0;
    for (let i = 0; i < n; i++) {
      let s = col[i];
      for (let j = 0; j < i; j++) s -= d.lu[i * n + j] * col[j];
      col[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = col[i];
      for (let j = i + 1; j < n; j++) s -= d.lu[i * n + j] * col[j];
      col[i] = s / d.lu[i * n + i];
    }
    for (let i = 0; i < n; i++) out[offset + i * n + c] = col[i];
  }
}
