import { ceilDivDims, type Dim, subDims } from '../dim';
import { fail, type ShapeRule } from './types';

function dimsOf(v: unknown): Dim[] | null {
  if (typeof v === 'number' || typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((d) => typeof d === 'number' || typeof d === 'string')) return v as Dim[];
  return null;
}

/** `dtype='uint8'`, `np.int64`, `int`, `torch.long`, `tf.int32`, `bool`: an integer type (labels, masks). */
export function isIntegerDtype(v: unknown): boolean {
  return typeof v === 'string' && /(^|\.)(u?int(8|16|32|64)?|int_|long|short|bool_?)$/.test(v);
}

function fromShape(dtype: 'float' | 'int'): ShapeRule {
  return (_inputs, attrs) => {
    const shape = dimsOf(attrs.shape ?? []);
    if (!shape) return fail('the shape is not a list of sizes', []);
    if (shape.some((d) => typeof d === 'number' && (d < 0 || !Number.isInteger(d)))) return fail(`a size in (${shape.join(', ')}) is negative or not an integer`, []);
    return { shape, dtype: isIntegerDtype(attrs.dtype) ? 'int' : dtype };
  };
}

export const floatFromShape = fromShape('float');
export const intFromShape = fromShape('int');

/** A size argument as a dim: a symbol, a count, or '?' when it is not one (an unknown value, a string). */
function sizeOf(v: unknown): Dim {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return Math.max(0, Math.ceil(v));
  return '?';
}

export const eye: ShapeRule = (_inputs, attrs) => {
  const n = sizeOf(attrs.n);
  const m = attrs.m === undefined || attrs.m === null ? n : sizeOf(attrs.m);
  return { shape: [n, m], dtype: 'float' };
};

/** arange(n), arange(start, stop), arange(start, stop, step). */
export const arange: ShapeRule = (_inputs, attrs) => {
  const start = attrs.start;
  const stop = attrs.stop;
  const step = typeof attrs.step === 'number' && attrs.step !== 0 ? attrs.step : 1;
  if (stop === undefined || stop === null) return { shape: [sizeOf(start)], dtype: 'int' };
  if (typeof start === 'number' && typeof stop === 'number') return { shape: [sizeOf((stop - start) / step)], dtype: 'int' };
  // A symbolic bound gives ⌈(stop − start) / step⌉ in the symbols: arange(1, N) has N-1 items.
  const from = sizeOf(start ?? 0);
  const to = sizeOf(stop);
  if (step < 0 || !Number.isInteger(step) || from === '?' || to === '?') return { shape: ['?'], dtype: 'int' };
  return { shape: [ceilDivDims(subDims(to, from), step)], dtype: 'int' };
};

export const like: ShapeRule = ([x]) => ({ shape: [...x.shape], dtype: x.dtype === 'bool' ? 'float' : x.dtype });
