import type { CallExpr } from '../ir/program';
import { type Dim, mulDims } from '../shapes/dim';
import { type LayerTracer, shapeOnly, str } from './layer-parts';
import { type TensorValue, UNKNOWN, type Value } from './values';

/**
 * nn.Upsample / F.interpolate (NCHW) and Keras UpSampling2D (NHWC). Nearest-neighbour
 * upsampling by whole factors repeats each pixel along each spatial axis: computed exactly,
 * as `repeat`s, so checks and autodiff see it. Any other mode (bilinear, bicubic) or a
 * target `size` keeps its shape, and says its values are not computed.
 */
export function upsample(tracer: LayerTracer, call: CallExpr, x: TensorValue, kwargs: Record<string, Value>): Value {
  const rank = x.shape.length;
  const channelsLast = str(kwargs.layout) === 'NHWC';
  const axes = Array.from({ length: Math.max(0, rank - 2) }, (_, i) => (channelsLast ? i + 1 : i + 2));
  if (axes.length === 0) return UNKNOWN;
  const mode = str(kwargs.mode) ?? 'nearest';
  const perAxis = (v: Value | undefined): (number | Dim)[] | null => {
    if (!v || (v.kind === 'const' && v.value === null)) return null;
    const items = v.kind === 'tuple' ? v.items : axes.map(() => v);
    return items.length === axes.length ? items.map((item) => (item.kind === 'number' ? item.value : '?')) : null;
  };
  const size = perAxis(kwargs.size);
  // Keras's UpSampling2D doubles by default.
  const factors = perAxis(kwargs.scale_factor) ?? (size ? null : channelsLast ? axes.map(() => 2) : null);
  if (!size && !factors) return UNKNOWN;
  const wholeFactors = factors !== null && factors.every((f) => typeof f === 'number' && Number.isInteger(f) && f >= 1);
  if (mode === 'nearest' && wholeFactors) {
    let y: Value = x;
    axes.forEach((axis, i) => {
      if (y.kind === 'tensor' && factors[i] !== 1) y = tracer.applyOp('repeat', [y], { repeats: factors[i], axis }, call.span, [call.span], call.callee);
    });
    return y;
  }
  const shape = x.shape.map((d, axis): Dim => {
    const i = axes.indexOf(axis);
    if (i < 0) return d;
    if (size) return size[i];
    const f = (factors as (number | Dim)[])[i];
    if (typeof f === 'number' && Number.isInteger(f)) return mulDims(d, f);
    return typeof f === 'number' && typeof d === 'number' ? Math.floor(d * f) : '?';
  });
  return shapeOnly(tracer, call, shape, `(${mode === 'nearest' ? 'nearest, to a size or by a fractional factor' : `${mode} interpolation`})`);
}
