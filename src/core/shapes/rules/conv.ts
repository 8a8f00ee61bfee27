import { addDims, ceilDivDims, type Dim, floorDivDims } from '../dim';

export type Padding = 'SAME' | 'VALID' | number;

/**
 * One spatial output size: SAME keeps ceil(n/s), VALID and explicit padding use the floor
 * formula (n + 2p − d(k−1) − 1) // s + 1, exact in the symbols when n is symbolic (`(H-1)//2+1`).
 */
export function convOutput(n: Dim, k: number, stride: number, padding: Padding, dilation = 1): Dim | null {
  if (typeof n === 'string' && n.includes('?')) return '?';
  const span = dilation * (k - 1) + 1;
  if (padding === 'SAME') return ceilDivDims(n, stride);
  const pad = padding === 'VALID' ? 0 : padding;
  const out = addDims(floorDivDims(addDims(n, 2 * pad - span), stride) ?? '?', 1);
  return typeof out === 'number' && out < 1 ? null : out;
}

/** A size or stride pair from `2`, `(2, 3)` or TensorFlow's `[1, sh, sw, 1]`; the numeric evaluators read attributes the same way. */
export function pairOf(v: unknown, fallback: number): [number, number] {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v)) {
    const nums = v.filter((x): x is number => typeof x === 'number');
    if (nums.length === 4) return [nums[1], nums[2]];
    if (nums.length === 2) return [nums[0], nums[1]];
    if (nums.length === 1) return [nums[0], nums[0]];
  }
  return [fallback, fallback];
}

export function paddingOf(v: unknown): Padding {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.toUpperCase() === 'SAME' ? 'SAME' : 'VALID';
  if (Array.isArray(v) && typeof v[0] === 'number') return v[0];
  return 'VALID';
}

/** Layout-aware view of an image batch: NCHW (PyTorch) or NHWC (TensorFlow). */
export function spatial(shape: Dim[], layout: string): { n: Dim; c: Dim; h: Dim; w: Dim } {
  return layout === 'NCHW' ? { n: shape[0], c: shape[1], h: shape[2], w: shape[3] } : { n: shape[0], h: shape[1], w: shape[2], c: shape[3] };
}

export function assemble(layout: string, n: Dim, c: Dim, h: Dim, w: Dim): Dim[] {
  return layout === 'NCHW' ? [n, c, h, w] : [n, h, w, c];
}
