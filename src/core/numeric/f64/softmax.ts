import { type F64Tensor, normAxis, sizeOf } from '../tensor';
import type { KernelTable } from './types';

/** Splits a shape around one axis into (outer, n, inner) for row-wise loops. */
function around(shape: number[], axis: number): { outer: number; n: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), n: shape[axis], inner: sizeOf(shape.slice(axis + 1)) };
}

/** log_softmax along an axis, with the max subtracted so that exp never overflows. */
export function logSoftmax(x: F64Tensor, axisAttr: unknown): F64Tensor {
  const axis = normAxis(typeof axisAttr === 'number' ? axisAttr : -1, x.shape.length);
  const { outer, n, inner } = around(x.shape, axis);
  const out = new Float64Array(x.data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (k: number) => (o * n + k) * inner + i;
      let m = -Infinity;
      for (let k = 0; k < n; k++) m = Math.max(m, x.data[at(k)]);
      let s = 0;
      for (let k = 0; k < n; k++) s += Math.exp(x.data[at(k)] - m);
      const lse = m + Math.log(s);
      for (let k = 0; k < n; k++) out[at(k)] = x.data[at(k)] - lse;
    }
  }
  return { shape: [...x.shape], data: out };
}

/** F.cross_entropy(logits (N, C), target): class indices (N,) or probabilities (N, C); the mean over N. */
function crossEntropy([logits, target]: F64Tensor[]): F64Tensor {
  if (logits.shape.length !== 2) throw new Error(`cross_entropy expects logits (N, C), got (${logits.shape.join(', ')})`);
  const [n, c] = logits.shape;
  const l = logSoftmax(logits, 1);
  let total = 0;
  if (target.shape.length === 1) {
    for (let i = 0; i < n; i++) {
      const t = target.data[i];
      if (!Number.isInteger(t) || t < 0 || t >= c) throw new Error(`target ${t} is out of range for ${c} classes`);
      total -= l.data[i * c + t];
    }
  } else {
    for (let i = 0; i < n * c; i++) total -= target.data[i] * l.data[i];
  }
  return { shape: [], data: Float64Array.of(total / n) };
}

/** tf.nn.softmax_cross_entropy_with_logits(labels, logits): -Σ labels·log_softmax(logits) per row. */
function softmaxCrossEntropy([labels, logits]: F64Tensor[]): F64Tensor {
  const l = logSoftmax(logits, -1);
  const c = logits.shape[logits.shape.length - 1];
  const rows = l.data.length / c;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let k = 0; k < c; k++) s -= labels.data[r * c + k] * l.data[r * c + k];
    out[r] = s;
  }
  return { shape: logits.shape.slice(0, -1), data: out };
}

export const SOFTMAX: KernelTable = {
  cross_entropy: crossEntropy,
  softmax_cross_entropy: softmaxCrossEntropy,
};
