import { broadcastShapes } from '../broadcast';
import { addDims, ceilDivDims, type Dim, formatDim, formatShape, subDims } from '../dim';
import { fail, type ShapeRule, type TensorInfo } from './types';

/**
 * Index items after evaluation. Tensor items refer to the op's inputs by position
 * (input 0 is the indexed tensor); plain integers drop an axis.
 */
/**
 * A slice. A bound that is a symbolic size (`x[:, :D]`) is in startDim/stopDim, and its
 * number is null: the numeric evaluators, which read the numbers, take the whole axis there.
 */
export interface SliceSpec {
  kind: 'slice';
  start: number | null;
  stop: number | null;
  step: number | null;
  startDim?: string;
  stopDim?: string;
}

/**
 * A slice of a symbolic axis, exact when its bounds lie inside the axis as code that slices
 * usually means (`x[1:]` is N-1, `x[-3:]` is 3, `x[::2]` is (N+1)//2). A backward step is
 * not worked out.
 */
function symbolicSliceLength(d: Dim, s: SliceSpec): Dim {
  const step = s.step ?? 1;
  if (step <= 0 || (typeof d === 'string' && d.includes('?'))) return '?';
  const at = (v: number | null, symbolic: string | undefined, dflt: Dim): Dim => symbolic ?? (v === null ? dflt : v < 0 ? addDims(d, v) : v);
  return ceilDivDims(subDims(at(s.stop, s.stopDim, d), at(s.start, s.startDim, 0)), step);
}

export type IndexSpec =
  | SliceSpec
  | { kind: 'newaxis' }
  | { kind: 'ellipsis' }
  | { kind: 'int'; value: number }
  | { kind: 'tensor'; input: number };

function sliceLength(d: Dim, s: SliceSpec): Dim {
  if (s.startDim !== undefined || s.stopDim !== undefined) return symbolicSliceLength(d, s);
  if (s.start === null && s.stop === null && (s.step === null || s.step === 1)) return d;
  if (typeof d !== 'number') return symbolicSliceLength(d, s);
  const step = s.step ?? 1;
  const norm = (v: number | null, dflt: number) => (v === null ? dflt : v < 0 ? Math.max(0, d + v) : Math.min(v, d));
  const start = norm(s.start, step > 0 ? 0 : d - 1);
  const stop = norm(s.stop, step > 0 ? d : -1);
  return Math.max(0, Math.ceil((stop - start) / step));
}

/** The shape NumPy gives `x[items]`, basic and advanced (integer arrays, boolean masks) indexing. */
export function indexShape(x: TensorInfo, items: IndexSpec[], tensors: TensorInfo[], bindings: Parameters<ShapeRule>[2]['bindings']): { shape: Dim[] } | { error: string } {
  const consumes = (it: IndexSpec) => (it.kind === 'newaxis' || it.kind === 'ellipsis' ? 0 : it.kind === 'tensor' && tensors[it.input - 1]?.dtype === 'bool' ? tensors[it.input - 1].shape.length : 1);
  const used = items.reduce((n, it) => n + consumes(it), 0);
  if (used > x.shape.length) return { error: `too many indices (${used}) for a tensor of shape ${formatShape(x.shape)}` };
  const expanded: IndexSpec[] = [];
  let sawEllipsis = false;
  for (const it of items) {
    if (it.kind === 'ellipsis' && !sawEllipsis) {
      sawEllipsis = true;
      for (let i = 0; i < x.shape.length - used; i++) expanded.push({ kind: 'slice', start: null, stop: null, step: null });
    } else if (it.kind !== 'ellipsis') expanded.push(it);
  }
  if (!sawEllipsis) for (let i = used; i < x.shape.length; i++) expanded.push({ kind: 'slice', start: null, stop: null, step: null });

  const out: Dim[] = [];
  let advShape: Dim[] | null = null;
  let advAt = -1;
  let advContiguous = true;
  let lastWasAdv = false;
  let axis = 0;
  for (const it of expanded) {
    if (it.kind === 'newaxis') {
      out.push(1);
      lastWasAdv = false;
      continue;
    }
    if (it.kind === 'slice') {
      out.push(sliceLength(x.shape[axis++], it));
      lastWasAdv = false;
      continue;
    }
    if (it.kind === 'int') {
      const d = x.shape[axis++];
      if (typeof d === 'number' && (it.value >= d || it.value < -d)) return { error: `index ${it.value} is out of bounds for an axis of size ${d}` };
      continue;
    }
    if (it.kind === 'tensor') {
      const t = tensors[it.input - 1];
      const adv: Dim[] = t.dtype === 'bool' ? ['?'] : t.shape;
      if (t.dtype === 'bool') {
        const covered = x.shape.slice(axis, axis + t.shape.length);
        for (let i = 0; i < t.shape.length; i++) {
          if (!bindings.same(covered[i], t.shape[i])) return { error: `the boolean mask is ${formatShape(t.shape)} but the indexed axes are ${formatShape(covered)}` };
        }
        axis += t.shape.length;
      } else axis += 1;
      if (advShape === null) {
        advShape = adv;
        advAt = out.length;
      } else {
        if (!lastWasAdv) advContiguous = false;
        const b = broadcastShapes(advShape, adv, bindings);
        if (!('shape' in b)) return { error: `the index arrays do not broadcast together (${formatDim(b.a)} vs ${formatDim(b.b)})` };
        advShape = b.shape;
      }
      lastWasAdv = true;
    }
  }
  if (advShape) {
    if (advContiguous) out.splice(advAt, 0, ...advShape);
    else out.unshift(...advShape);
  }
  return { shape: out };
}

export const index: ShapeRule = ([x, ...tensors], attrs, ctx) => {
  const r = indexShape(x, (attrs.items as unknown as IndexSpec[]) ?? [], tensors, ctx.bindings);
  if ('error' in r) return fail(r.error, [0]);
  return { shape: r.shape, dtype: x.dtype };
};

/** `x[items] op= v`: the result keeps x's shape; v must broadcast to the indexed part. */
export const indexUpdate: ShapeRule = ([x, v, ...tensors], attrs, ctx) => {
  const r = indexShape(x, (attrs.items as unknown as IndexSpec[]) ?? [], tensors, ctx.bindings);
  if ('error' in r) return fail(r.error, [0]);
  const b = broadcastShapes(r.shape, v.shape, ctx.bindings);
  if (!('shape' in b) || b.shape.length > r.shape.length) return fail(`the value ${formatShape(v.shape)} does not fit the indexed part ${formatShape(r.shape)}`, [0, 1], { partial: x.shape });
  return { shape: [...x.shape], dtype: x.dtype };
};
