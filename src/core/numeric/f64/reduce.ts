import { broadcastMap } from '../index-plan';
import { type F64Tensor, normAxis, sizeOf } from '../tensor';
import type { F64Kernel, KernelTable } from './types';

/** The axes a reduction's `axis` attribute names: all when absent or null. */
export function reductionAxes(axis: unknown, rank: number): number[] {
  const list = axis === undefined || axis === null ? Array.from({ length: rank }, (_, i) => i) : Array.isArray(axis) ? (axis as number[]) : [axis as number];
  return [...new Set(list.map((a) => normAxis(a, rank)))].sort((a, b) => a - b);
}

export interface Reduction {
  /** Shape with the reduced axes kept as 1, and the shape the op returns. */
  keptShape: number[];
  outShape: number[];
  /** For each input element, the output element it reduces into. */
  map: Int32Array;
  count: number;
}

export function reduction(shape: number[], axisAttr: unknown, keepdims: unknown): Reduction {
  const axes = reductionAxes(axisAttr, shape.length);
  const keptShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outShape = keepdims === true ? keptShape : shape.filter((_, i) => !axes.includes(i));
  const count = axes.reduce((p, a) => p * shape[a], 1);
  return { keptShape, outShape, map: broadcastMap(keptShape, shape), count };
}

function reducer(init: number, step: (acc: number, v: number) => number, finish: (acc: number, count: number) => number = (a) => a): F64Kernel {
  return ([x], ctx) => {
    const r = reduction(x.shape, ctx.node.attrs.axis, ctx.node.attrs.keepdims);
    const out = new Float64Array(sizeOf(r.outShape)).fill(init);
    for (let i = 0; i < x.data.length; i++) out[r.map[i]] = step(out[r.map[i]], x.data[i]);
    for (let i = 0; i < out.length; i++) out[i] = finish(out[i], r.count);
    return { shape: r.outShape, data: out };
  };
}

/** NaN wins, as in NumPy. */
const maxStep = (m: number, v: number) => (v > m || v !== v ? v : m);
const minStep = (m: number, v: number) => (v < m || v !== v ? v : m);

function logsumexp(inputs: F64Tensor[], ctx: Parameters<F64Kernel>[1]): F64Tensor {
  const [x] = inputs;
  const r = reduction(x.shape, ctx.node.attrs.axis, ctx.node.attrs.keepdims);
  const n = sizeOf(r.outShape);
  const m = new Float64Array(n).fill(-Infinity);
  for (let i = 0; i < x.data.length; i++) m[r.map[i]] = maxStep(m[r.map[i]], x.data[i]);
  const s = new Float64Array(n);
  for (let i = 0; i < x.data.length; i++) {
    const mi = m[r.map[i]];
    if (mi !== -Infinity) s[r.map[i]] += Math.exp(x.data[i] - mi);
  }
  for (let i = 0; i < n; i++) s[i] = m[i] === -Infinity || !Number.isFinite(m[i]) ? m[i] : m[i] + Math.log(s[i]);
  return { shape: r.outShape, data: s };
}

/** np.argmax: the first maximal position along one axis, or in the flattened tensor. */
function argmax([x]: F64Tensor[], ctx: Parameters<F64Kernel>[1]): F64Tensor {
  const axisAttr = ctx.node.attrs.axis;
  if (axisAttr === null || axisAttr === undefined) {
    let best = 0;
    for (let i = 1; i < x.data.length; i++) if (x.data[i] > x.data[best] || (x.data[i] !== x.data[i] && x.data[best] === x.data[best])) best = i;
    return { shape: ctx.node.attrs.keepdims === true ? x.shape.map(() => 1) : [], data: Float64Array.of(best) };
  }
  const axis = normAxis(axisAttr as number, x.shape.length);
  const outer = sizeOf(x.shape.slice(0, axis));
  const n = x.shape[axis];
  const inner = sizeOf(x.shape.slice(axis + 1));
  const data = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = 0;
      let bv = x.data[o * n * inner + i];
      for (let k = 1; k < n; k++) {
        const v = x.data[(o * n + k) * inner + i];
        if (v > bv || (v !== v && bv === bv)) {
          best = k;
          bv = v;
        }
      }
      data[o * inner + i] = best;
    }
  }
  const shape = ctx.node.attrs.keepdims === true ? x.shape.map((d, i) => (i === axis ? 1 : d)) : x.shape.filter((_, i) => i !== axis);
  return { shape, data };
}

export const REDUCE: KernelTable = {
  sum: reducer(0, (a, v) => a + v),
  mean: reducer(0, (a, v) => a + v, (a, n) => a / n),
  max: reducer(-Infinity, maxStep),
  min: reducer(Infinity, minStep),
  logsumexp,
  argmax,
};
