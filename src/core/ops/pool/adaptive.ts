import { type Dim, formatShape } from '../../shapes/dim';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { adaptiveBins, heightAxis, layoutOf, withSpatial } from './geometry';
import type { BinsOf } from './separable';

/** The output size of each spatial axis, null where `None` keeps the input's; or why it cannot be read. */
export function outputSizes(v: unknown): [number | null, number | null] | string {
  const ok = (d: unknown): d is number | null => d === null || (typeof d === 'number' && Number.isInteger(d) && d >= 1);
  if (typeof v === 'number' && ok(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every(ok)) return [v[0], v[1]];
  return `output_size must be a whole number ≥ 1 or a (height, width) pair (None keeps an axis), got ${JSON.stringify(v ?? null)}`;
}

/** Adaptive pooling's shape: the spatial sizes are output_size's. */
export function adaptiveShape(op: string): ShapeRule {
  return ([x], attrs) => {
    const hAxis = heightAxis(x.shape.length, layoutOf(attrs), op);
    if (typeof hAxis === 'string') return fail(`${hAxis}, got ${formatShape(x.shape)}`, [0]);
    const sizes = outputSizes(attrs.output_size);
    if (typeof sizes === 'string') return fail(sizes, [0]);
    const [oh, ow]: Dim[] = [sizes[0] ?? x.shape[hAxis], sizes[1] ?? x.shape[hAxis + 1]];
    return { shape: withSpatial(x.shape, hAxis, oh, ow), dtype: 'float' };
  };
}

/** PyTorch's bins of each spatial axis for output_size. */
export function adaptiveBinsOf(op: string): BinsOf {
  return (shape, attrs) => {
    const hAxis = heightAxis(shape.length, layoutOf(attrs), op);
    if (typeof hAxis === 'string') throw new Error(hAxis);
    const sizes = outputSizes(attrs.output_size);
    if (typeof sizes === 'string') throw new Error(sizes);
    const [h, w] = [shape[hAxis], shape[hAxis + 1]];
    return { hAxis, rows: adaptiveBins(h, sizes[0] ?? h), cols: adaptiveBins(w, sizes[1] ?? w) };
  };
}
