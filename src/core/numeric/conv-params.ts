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

export function windowOf(h: number, w: number, kh: number, kw: number, sh: number, sw: number, padding: 'SAME' | 'VALID' | number): Window {
  if (padding === 'SAME') {
    const oh = Math.ceil(h / sh);
    const ow = Math.ceil(w / sw);
    const th = Math.max((oh - 1) * sh + kh - h, 0);
    const tw = Math.max((ow - 1) * sw + kw - w, 0);
    return { kh, kw, sh, sw, padTop: Math.floor(th / 2), padBottom: th - Math.floor(th / 2), padLeft: Math.floor(tw / 2), padRight: tw - Math.floor(tw / 2), oh, ow };
  }
  const p = padding === 'VALID' ? 0 : padding;
  const oh = Math.floor((h + 2 * p - kh) / sh) + 1;
  const ow = Math.floor((w + 2 * p - kw) / sw) + 1;
  if (oh < 1 || ow < 1) throw new Error(`the ${kh}×${kw} window does not fit the ${h}×${w} input`);
  // PyTorch pads both sides; its floor may leave the last padded rows unread.
  return { kh, kw, sh, sw, padTop: p, padLeft: p, padBottom: p, padRight: p, oh, ow };
}

/** conv2d attributes and operand sizes, whatever the layout. */
export function convGeometry(xShape: number[], wShape: number[], attrs: Record<string, unknown>) {
  const layout = layoutOf(attrs.layout, 'NHWC');
  const [n, c, h, w] = layout === 'NCHW' ? xShape : [xShape[0], xShape[3], xShape[1], xShape[2]];
  const [kh, kw, cin, cout] = layout === 'NCHW' ? [wShape[2], wShape[3], wShape[1], wShape[0]] : wShape;
  if (cin !== c) throw new Error(`conv2d: the input has ${c} channels but the filters expect ${cin}`);
  const [sh, sw] = pairOf(attrs.strides, 1);
  const win = windowOf(h, w, kh, kw, sh, sw, paddingOf(attrs.padding));
  return { layout, n, c, h, w, cout, win };
}

export function poolGeometry(xShape: number[], attrs: Record<string, unknown>) {
  const layout = layoutOf(attrs.layout, 'NHWC');
  const [n, c, h, w] = layout === 'NCHW' ? xShape : [xShape[0], xShape[3], xShape[1], xShape[2]];
  const [kh, kw] = pairOf(attrs.kernel_size, 2);
  const [sh, sw] = pairOf(attrs.stride ?? attrs.kernel_size, kh);
  const win = windowOf(h, w, kh, kw, sh, sw, paddingOf(attrs.padding));
  return { layout, n, c, h, w, win };
}
