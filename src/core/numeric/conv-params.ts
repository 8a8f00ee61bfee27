/**
 * Shared reading of conv2d / max_pool2d attributes for both evaluators, with the same
 * conventions as the shape rules: TF lists strides as [1, sh, sw, 1]; 'SAME' pads like
 * TensorFlow (the extra pixel goes after); a number pads both sides like PyTorch.
 */
import { pairOf, paddingOf } from '../shapes/rules/conv';

export { pairOf, paddingOf };

export type Layout = 'NHWC' | 'NCHW';

export interface Window {
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  /** The dilation: taps dh rows and dw columns apart (1 for pooling and plain convolutions). */
  dh: number;
  dw: number;
  /** Padding before (top/left) and the output size. */
  padTop: number;
  padLeft: number;
  padBottom: number;
  padRight: number;
  oh: number;
  ow: number;
}

export function layoutOf(v: unknown, fallback: Layout): Layout {
  return v === 'NCHW' ? 'NCHW' : v === 'NHWC' ? 'NHWC' : fallback;
}

export function windowOf(h: number, w: number, kh: number, kw: number, sh: number, sw: number, padding: 'SAME' | 'VALID' | number, dh = 1, dw = 1): Window {
  // A dilated window spans d(k − 1) + 1 pixels.
  const [eh, ew] = [dh * (kh - 1) + 1, dw * (kw - 1) + 1];
  if (padding === 'SAME') {
    const oh = Math.ceil(h / sh);
    const ow = Math.ceil(w / sw);
    const th = Math.max((oh - 1) * sh + eh - h, 0);
    const tw = Math.max((ow - 1) * sw + ew - w, 0);
    return { kh, kw, sh, sw, dh, dw, padTop: Math.floor(th / 2), padBottom: th - Math.floor(th / 2), padLeft: Math.floor(tw / 2), padRight: tw - Math.floor(tw / 2), oh, ow };
  }
  const p = padding === 'VALID' ? 0 : padding;
  const oh = Math.floor((h + 2 * p - eh) / sh) + 1;
  const ow = Math.floor((w + 2 * p - ew) / sw) + 1;
  if (oh < 1 || ow < 1) throw new Error(`the ${kh}×${kw} window${dh * dw > 1 ? ` (dilation ${dh}×${dw})` : ''} does not fit the ${h}×${w} input`);
  // PyTorch pads both sides; its floor may leave the last padded rows unread.
  return { kh, kw, sh, sw, dh, dw, padTop: p, padLeft: p, padBottom: p, padRight: p, oh, ow };
}

/** The number of channel groups of a convolution (`groups=`), 1 unless a positive whole number is given. */
export function groupsOf(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : 1;
}

/**
 * conv2d attributes and operand sizes, whatever the layout. With `groups` g the c input
 * channels and cout filters split into g groups; filter group j reads input group j only,
 * so each filter has cin = c/g input channels.
 */
export function convGeometry(xShape: number[], wShape: number[], attrs: Record<string, unknown>) {
  const layout = layoutOf(attrs.layout, 'NHWC');
  const [n, c, h, w] = layout === 'NCHW' ? xShape : [xShape[0], xShape[3], xShape[1], xShape[2]];
  const [kh, kw, cin, cout] = layout === 'NCHW' ? [wShape[2], wShape[3], wShape[1], wShape[0]] : wShape;
  const groups = groupsOf(attrs.groups);
  if (cin * groups !== c) throw new Error(`conv2d: the input has ${c} channels but the filters expect ${cin}${groups > 1 ? ` in each of ${groups} groups` : ''}`);
  if (cout % groups !== 0) throw new Error(`conv2d: ${cout} filters do not split into ${groups} groups`);
  const [sh, sw] = pairOf(attrs.strides, 1);
  const [dh, dw] = pairOf(attrs.dilations, 1);
  const win = windowOf(h, w, kh, kw, sh, sw, paddingOf(attrs.padding), dh, dw);
  return { layout, n, c, h, w, cin, cout, groups, win };
}

export function poolGeometry(xShape: number[], attrs: Record<string, unknown>) {
  const layout = layoutOf(attrs.layout, 'NHWC');
  const [n, c, h, w] = layout === 'NCHW' ? xShape : [xShape[0], xShape[3], xShape[1], xShape[2]];
  const [kh, kw] = pairOf(attrs.kernel_size, 2);
  const [sh, sw] = pairOf(attrs.stride ?? attrs.kernel_size, kh);
  const win = windowOf(h, w, kh, kw, sh, sw, paddingOf(attrs.padding));
  return { layout, n, c, h, w, win };
}
