import { addDims, ceilDivDims, type Dim, floorDivDims, formatDim, formatShape } from '../dim';
import { fail, type ShapeRule } from './types';

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
function spatial(shape: Dim[], layout: string): { n: Dim; c: Dim; h: Dim; w: Dim } {
  return layout === 'NCHW' ? { n: shape[0], c: shape[1], h: shape[2], w: shape[3] } : { n: shape[0], h: shape[1], w: shape[2], c: shape[3] };
}

function assemble(layout: string, n: Dim, c: Dim, h: Dim, w: Dim): Dim[] {
  return layout === 'NCHW' ? [n, c, h, w] : [n, h, w, c];
}

/** conv2d(x, w): NHWC with HWIO filters (tf.nn.conv2d) or NCHW with OIHW filters (F.conv2d). */
export const conv2d: ShapeRule = ([x, w], attrs, ctx) => {
  const layout = attrs.layout === 'NCHW' ? 'NCHW' : 'NHWC';
  if (x.shape.length !== 4) return fail(`conv2d expects a 4-D ${layout} input, got ${formatShape(x.shape)}`, [0]);
  if (w.shape.length !== 4) return fail(`conv2d expects 4-D filters, got ${formatShape(w.shape)}`, [1]);
  const { n, c, h, w: width } = spatial(x.shape, layout);
  const [kh, kw, cin, cout] = layout === 'NCHW' ? [w.shape[2], w.shape[3], w.shape[1], w.shape[0]] : w.shape;
  const [sh, sw] = pairOf(attrs.strides, 1);
  const pad = paddingOf(attrs.padding);
  if (!ctx.bindings.same(c, cin)) return fail(`the input has ${formatDim(c)} channels but the filters expect ${formatDim(cin)}`, [0, 1]);
  if (typeof kh !== 'number' || typeof kw !== 'number') return { shape: assemble(layout, n, cout, '?', '?'), dtype: 'float' };
  const oh = convOutput(h, kh, sh, pad);
  const ow = convOutput(width, kw, sw, pad);
  if (oh === null || ow === null) return fail(`the ${kh}×${kw} kernel is larger than the ${formatDim(h)}×${formatDim(width)} input (padding ${String(pad)})`, [0, 1]);
  return { shape: assemble(layout, n, cout, oh, ow), dtype: 'float' };
};

/** max_pool2d: kernel_size, stride (defaults to the kernel), padding; NCHW or NHWC. */
export const maxPool2d: ShapeRule = ([x], attrs) => {
  const layout = attrs.layout === 'NCHW' ? 'NCHW' : 'NHWC';
  if (x.shape.length !== 4) return fail(`max_pool2d expects a 4-D ${layout} input, got ${formatShape(x.shape)}`, [0]);
  const [kh, kw] = pairOf(attrs.kernel_size, 2);
  const [sh, sw] = pairOf(attrs.stride ?? attrs.kernel_size, kh);
  const pad = paddingOf(attrs.padding);
  const { n, c, h, w } = spatial(x.shape, layout);
  const oh = convOutput(h, kh, sh, pad);
  const ow = convOutput(w, kw, sw, pad);
  if (oh === null || ow === null) return fail(`the ${kh}×${kw} window is larger than the ${formatDim(h)}×${formatDim(w)} input`, [0]);
  return { shape: assemble(layout, n, c, oh, ow), dtype: 'float' };
};
