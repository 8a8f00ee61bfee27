import { addDims, ceilDivDims, type Dim } from '../../shapes/dim';
import { convOutput, type Padding, pairOf } from '../../shapes/rules/conv';
/** Attributes as the kernels receive them. */
export type Attrs = Readonly<Record<string, unknown>>;

/**
 * Where the two spatial axes of an image batch are: the last two in NCHW (PyTorch, also
 * without the batch axis), the two before the channels in NHWC (TensorFlow, Keras). The
 * axes before them are the outer ones, the channels after them (NHWC) the inner ones.
 */
export type Layout = 'NCHW' | 'NHWC';

/** TensorFlow's data_format, or Keras's ('channels_last'). */
export const layoutOf = (attrs: Attrs): Layout => (attrs.layout === 'NHWC' || attrs.layout === 'channels_last' ? 'NHWC' : 'NCHW');

/** The index of the height axis, or a message saying the rank does not fit the layout. */
export function heightAxis(rank: number, layout: Layout, op: string): number | string {
  if (layout === 'NHWC') return rank === 4 ? 1 : `${op} expects a 4-D NHWC input`;
  return rank === 3 || rank === 4 ? rank - 2 : `${op} expects a 3-D (C, H, W) or 4-D (N, C, H, W) input`;
}

/** The input's shape with its two spatial sizes replaced. */
export function withSpatial<T>(shape: readonly T[], hAxis: number, h: T, w: T): T[] {
  const out = [...shape];
  out[hAxis] = h;
  out[hAxis + 1] = w;
  return out;
}

/** The padding of each spatial axis: PyTorch's number or (ph, pw), or TensorFlow's 'same' / 'valid'. */
export function paddingPair(v: unknown): [Padding, Padding] | string {
  if (v === undefined || v === null) return [0, 0];
  if (typeof v === 'string') {
    const s = v.toUpperCase();
    return s === 'SAME' || s === 'VALID' ? [s, s] : `padding must be 'same', 'valid' or a number, got '${v}'`;
  }
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((p) => typeof p === 'number')) return [v[0] as number, v[1] as number];
  return `padding must be a number or a (height, width) pair, got ${JSON.stringify(v)}`;
}

/** A pooling window along one axis: its size, stride, padding and whether the last partial window counts. */
export interface AxisWindow {
  k: number;
  s: number;
  pad: Padding;
  ceil: boolean;
}

/** The windows of each spatial axis, read from kernel_size, stride (the kernel's by default), padding and ceil_mode. */
export function windowsOf(attrs: Attrs): [AxisWindow, AxisWindow] | string {
  const [kh, kw] = pairOf(attrs.kernel_size, 2);
  const [sh, sw] = pairOf(attrs.stride ?? attrs.kernel_size, kh);
  const pads = paddingPair(attrs.padding);
  if (typeof pads === 'string') return pads;
  const ceil = attrs.ceil_mode === true;
  const axes: [AxisWindow, AxisWindow] = [
    { k: kh, s: sh, pad: pads[0], ceil },
    { k: kw, s: sw, pad: pads[1], ceil },
  ];
  for (const a of axes) {
    if (!Number.isInteger(a.k) || a.k < 1 || !Number.isInteger(a.s) || a.s < 1) return `the window ${kh}×${kw} and stride ${sh}×${sw} must be whole numbers ≥ 1`;
    // PyTorch's own rule: a window must always hold some of the input.
    if (typeof a.pad === 'number' && (a.pad < 0 || 2 * a.pad > a.k)) return `padding ${a.pad} must be between 0 and half the window (${a.k})`;
  }
  return axes;
}

/**
 * The number of windows along an axis of size n: the convolution formula (n + 2p − k) // s + 1
 * (or ⌈n / s⌉ for 'same'), or with ceil_mode ⌈(n + 2p − k) / s⌉ + 1, less one when the last
 * window would start in the padding after the input (PyTorch). That exception is decided
 * for symbolic n only when it cannot happen (p + s ≤ k); otherwise the size is '?'.
 */
export function windowCount(n: Dim, a: AxisWindow): Dim | null {
  if (!a.ceil || typeof a.pad === 'string') return convOutput(n, a.k, a.s, a.pad);
  const p = a.pad;
  if (typeof n === 'string') return n.includes('?') || p + a.s > a.k ? '?' : addDims(ceilDivDims(addDims(n, 2 * p - a.k), a.s), 1);
  if (n + 2 * p < a.k) return null;
  const out = Math.ceil((n + 2 * p - a.k) / a.s) + 1;
  return (out - 1) * a.s >= n + p ? out - 1 : out;
}

/**
 * The input rows each output row averages along one axis, [start, end) within the input, and
 * what their sum is divided by. Pooling that is separable this way is Aₕ X Aᵥᵀ on each
 * image: every average pool, and every adaptive one.
 */
export interface AxisBins {
  start: number[];
  end: number[];
  divisor: number[];
}

/** A sliding window's bins, and the zeros before and after the axis that put every window wholly inside. */
export interface WindowBins extends AxisBins {
  padBefore: number;
  padAfter: number;
}

/**
 * The bins of a sliding window along an axis of size n. PyTorch divides by the window
 * clipped to the padded input (count_include_pad) or to the input; TensorFlow's 'same'
 * padding never counts.
 */
export function windowBins(n: number, a: AxisWindow, countPad: boolean): WindowBins {
  const out = windowCount(n, a);
  if (typeof out !== 'number') throw new Error(`the ${a.k}-wide window does not fit an axis of ${n}`);
  const before = a.pad === 'SAME' ? Math.floor(Math.max((out - 1) * a.s + a.k - n, 0) / 2) : a.pad === 'VALID' ? 0 : a.pad;
  const bins: WindowBins = { start: [], end: [], divisor: [], padBefore: before, padAfter: Math.max(0, (out - 1) * a.s + a.k - before - n) };
  for (let i = 0; i < out; i++) {
    const from = i * a.s - before;
    const start = Math.max(from, 0);
    const end = Math.min(from + a.k, n);
    bins.start.push(start);
    bins.end.push(end);
    bins.divisor.push(countPad && typeof a.pad === 'number' ? Math.min(from + a.k, n + a.pad) - from : end - start);
  }
  return bins;
}

/** PyTorch's adaptive bins: output i averages [⌊i·n/out⌋, ⌈(i+1)·n/out⌉). */
export function adaptiveBins(n: number, out: number): AxisBins {
  const bins: AxisBins = { start: [], end: [], divisor: [] };
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * n) / out);
    const end = Math.ceil(((i + 1) * n) / out);
    bins.start.push(start);
    bins.end.push(end);
    bins.divisor.push(end - start);
  }
  return bins;
}
