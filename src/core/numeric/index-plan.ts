import type { IndexSpec } from '../shapes/rules/index';
import { stridesOf } from './tensor';

/** An integer index array or a boolean mask, as the evaluators hold them. */
export interface IndexArray {
  shape: number[];
  data: ArrayLike<number>;
  bool: boolean;
}

/** Where every element of `x[items]` comes from: flat offsets into x, in row-major order. */
export interface IndexPlan {
  shape: number[];
  offsets: Int32Array;
}

type Slot = { size: number; dims: number[]; contrib: ArrayLike<number> };

/** Python's slice.indices: start, step and length of a slice over an axis of size n. */
export function sliceParams(n: number, start: number | null, stop: number | null, step: number | null): { start: number; step: number; len: number } {
  const s = step ?? 1;
  if (s === 0) throw new Error('slice step cannot be zero');
  const clamp = (v: number | null, dflt: number, lo: number, hi: number) => {
    if (v === null) return dflt;
    const w = v < 0 ? v + n : v;
    return Math.min(Math.max(w, lo), hi);
  };
  const b = s > 0 ? clamp(start, 0, 0, n) : clamp(start, n - 1, -1, n - 1);
  const e = s > 0 ? clamp(stop, n, 0, n) : clamp(stop, -1, -1, n - 1);
  const len = s > 0 ? Math.max(0, Math.ceil((e - b) / s)) : Math.max(0, Math.ceil((b - e) / -s));
  return { start: b, step: s, len };
}

function checkIndex(v: number, n: number, axis: number): number {
  const i = v < 0 ? v + n : v;
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new Error(`index ${v} is out of bounds for axis ${axis} with size ${n}`);
  return i;
}

/**
 * NumPy indexing, basic and advanced: slices, integers, newaxis, an ellipsis, integer
 * arrays (broadcast together) and boolean masks (their nonzero positions). Advanced
 * indices that sit together keep their place; separated ones move to the front, and
 * integers count as advanced when any array index is present, as in NumPy.
 */
export function planIndex(xShape: readonly number[], items: readonly IndexSpec[], tensor: (input: number) => IndexArray): IndexPlan {
  const strides = stridesOf(xShape);
  const consumes = (it: IndexSpec) => (it.kind === 'newaxis' || it.kind === 'ellipsis' ? 0 : it.kind === 'tensor' && tensor(it.input).bool ? tensor(it.input).shape.length : 1);
  const used = items.reduce((n, it) => n + consumes(it), 0);
  if (used > xShape.length) throw new Error(`too many indices (${used}) for a tensor of rank ${xShape.length}`);
  const expanded: IndexSpec[] = [];
  let sawEllipsis = false;
  for (const it of items) {
    if (it.kind === 'ellipsis') {
      if (sawEllipsis) continue;
      sawEllipsis = true;
      for (let i = 0; i < xShape.length - used; i++) expanded.push({ kind: 'slice', start: null, stop: null, step: null });
    } else expanded.push(it);
  }
  if (!sawEllipsis) for (let i = used; i < xShape.length; i++) expanded.push({ kind: 'slice', start: null, stop: null, step: null });

  const anyArray = expanded.some((it) => it.kind === 'tensor');
  // Advanced parts: each an array of flat contributions with its own shape (broadcast later).
  const adv: { shape: number[]; contrib: Float64Array }[] = [];
  const slots: (Slot | 'adv')[] = [];
  let base = 0;
  let advSlot = -1;
  let contiguous = true;
  let lastAdv = false;
  let axis = 0;
  const markAdv = () => {
    if (advSlot < 0) {
      advSlot = slots.length;
      slots.push('adv');
    } else if (!lastAdv) contiguous = false;
    lastAdv = true;
  };
  for (const it of expanded) {
    if (it.kind === 'newaxis') {
      slots.push({ size: 1, dims: [1], contrib: [0] });
      lastAdv = false;
    } else if (it.kind === 'slice') {
      const n = xShape[axis];
      const p = sliceParams(n, it.start, it.stop, it.step);
      const c = new Float64Array(p.len);
      for (let i = 0; i < p.len; i++) c[i] = (p.start + i * p.step) * strides[axis];
      slots.push({ size: p.len, dims: [p.len], contrib: c });
      axis++;
      lastAdv = false;
    } else if (it.kind === 'int') {
      const i = checkIndex(it.value, xShape[axis], axis);
      if (anyArray) {
        adv.push({ shape: [], contrib: Float64Array.of(i * strides[axis]) });
        markAdv();
      } else base += i * strides[axis];
      axis++;
    } else if (it.kind === 'tensor') {
      const t = tensor(it.input);
      if (t.bool) {
        const k = t.shape.length;
        for (let j = 0; j < k; j++) {
          if (t.shape[j] !== xShape[axis + j]) throw new Error(`the boolean mask has shape (${t.shape.join(', ')}) but the indexed axes are (${xShape.slice(axis, axis + k).join(', ')})`);
        }
        const mStrides = stridesOf(t.shape);
        const hits: number[] = [];
        for (let e = 0; e < t.data.length; e++) {
          if (!t.data[e]) continue;
          let off = 0;
          for (let j = 0; j < k; j++) off += (Math.floor(e / mStrides[j]) % t.shape[j]) * strides[axis + j];
          hits.push(off);
        }
        adv.push({ shape: [hits.length], contrib: Float64Array.from(hits) });
        axis += k;
      } else {
        const n = xShape[axis];
        const c = new Float64Array(t.data.length);
        for (let e = 0; e < c.length; e++) c[e] = checkIndex(t.data[e], n, axis) * strides[axis];
        adv.push({ shape: [...t.shape], contrib: c });
        axis++;
      }
      markAdv();
    }
  }

  if (advSlot >= 0) {
    const b = broadcastAll(adv.map((a) => a.shape));
    const size = b.reduce((p, d) => p * d, 1);
    const contrib = new Float64Array(size);
    for (const a of adv) {
      const map = broadcastMap(a.shape, b);
      for (let i = 0; i < size; i++) contrib[i] += a.contrib[map[i]];
    }
    const slot: Slot = { size, dims: b, contrib };
    if (contiguous) slots[advSlot] = slot;
    else {
      slots.splice(advSlot, 1);
      slots.unshift(slot);
    }
  }

  const real = slots as Slot[];
  const shape = real.flatMap((s) => s.dims);
  let offsets = Int32Array.of(base);
  for (const s of real) {
    const next = new Int32Array(offsets.length * s.size);
    let k = 0;
    for (let i = 0; i < offsets.length; i++) {
      const o = offsets[i];
      for (let j = 0; j < s.size; j++) next[k++] = o + s.contrib[j];
    }
    offsets = next;
  }
  return { shape, offsets };
}

/** For `x[items] op= v`: for each element of x, which element of the indexed part writes it last (-1: none). */
export function lastWriter(xSize: number, offsets: Int32Array): Int32Array {
  const writer = new Int32Array(xSize).fill(-1);
  for (let e = 0; e < offsets.length; e++) writer[offsets[e]] = e;
  return writer;
}

function broadcastAll(shapes: number[][]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 1; i <= s.length; i++) {
      const d = s[s.length - i];
      const o = out[rank - i];
      if (o === 1) out[rank - i] = d;
      else if (d !== 1 && d !== o) throw new Error(`the index arrays do not broadcast together (${d} vs ${o})`);
    }
  }
  return out;
}

/** For each element of the broadcast shape, the flat offset of the element of `from` it reads. */
export function broadcastMap(from: readonly number[], to: readonly number[]): Int32Array {
  const size = to.reduce((p, d) => p * d, 1);
  const map = new Int32Array(size);
  const rank = to.length;
  const fromStrides = stridesOf(from);
  const eff = new Array<number>(rank).fill(0);
  for (let i = 1; i <= from.length; i++) eff[rank - i] = from[from.length - i] === 1 ? 0 : fromStrides[from.length - i];
  const idx = new Array<number>(rank).fill(0);
  let off = 0;
  for (let e = 0; e < size; e++) {
    map[e] = off;
    for (let a = rank - 1; a >= 0; a--) {
      idx[a]++;
      off += eff[a];
      if (idx[a] < to[a]) break;
      off -= eff[a] * idx[a];
      idx[a] = 0;
    }
  }
  return map;
}
