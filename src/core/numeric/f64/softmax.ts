import { type F64Tensor, normAxis, sizeOf } from '../tensor';

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
