import { type Dim, formatShape } from '../../shapes/dim';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';
import { adaptiveBins, heightAxis, layoutOf, withSpatial } from './geometry';
import { type BinsOf, POOL_SYMBOLIC, poolF64, poolJacobian, poolTf } from './separable';

/** The output size of each spatial axis, null where `None` keeps the input's; or why it cannot be read. */
export function outputSizes(v: unknown): [number | null, number | null] | string {
  const ok = (d: unknown): d is number | null => d === null || (typeof d === 'number' && Number.isInteger(d) && d >= 1);
  if (typeof v === 'number' && ok(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every(ok)) return [v[0], v[1]];
  return `output_size must be a whole number ≥ 1 or a (height, width) pair (None keeps an axis), got ${JSON.stringify(v ?? null)}`;
}

const adaptiveShape: ShapeRule = ([x], attrs) => {
  const hAxis = heightAxis(x.shape.length, layoutOf(attrs), 'adaptive_avg_pool2d');
  if (typeof hAxis === 'string') return fail(`${hAxis}, got ${formatShape(x.shape)}`, [0]);
  const sizes = outputSizes(attrs.output_size);
  if (typeof sizes === 'string') return fail(sizes, [0]);
  const [oh, ow]: Dim[] = [sizes[0] ?? x.shape[hAxis], sizes[1] ?? x.shape[hAxis + 1]];
  return { shape: withSpatial(x.shape, hAxis, oh, ow), dtype: 'float' };
};

const bins: BinsOf = (shape, attrs) => {
  const hAxis = heightAxis(shape.length, layoutOf(attrs), 'adaptive_avg_pool2d') as number;
  const sizes = outputSizes(attrs.output_size);
  if (typeof sizes === 'string') throw new Error(sizes);
  const [h, w] = [shape[hAxis], shape[hAxis + 1]];
  return { hAxis, rows: adaptiveBins(h, sizes[0] ?? h), cols: adaptiveBins(w, sizes[1] ?? w) };
};

export const adaptiveAvgPool2d: OpModule<'adaptive_avg_pool2d'> = opModule('adaptive_avg_pool2d', {
  doc: 'adaptive_avg_pool2d(x, output_size) — PyTorch: the spatial axes cut into output_size bins (⌊i·H/out⌋ to ⌈(i+1)·H/out⌉), each averaged; 1 is the mean over H and W',
  signature: { params: ['x', 'output_size'], tensors: 1, shape: adaptiveShape, defaults: { layout: 'NCHW' } },
  f64: poolF64('adaptive_avg_pool2d', bins),
  tfjs: poolTf('adaptive_avg_pool2d', bins),
  jacobian: poolJacobian('adaptive_avg_pool2d', bins, { text: 'A_H ⊗ A_W (each output the mean of its bin)', latex: 'A_H \\otimes A_W' }),
  symbolic: POOL_SYMBOLIC,
  kinks: null,
  spellings: {
    python: [{ names: ['torch.nn.functional.adaptive_avg_pool2d'], params: 'x, output_size', attrs: { layout: 'NCHW' } }],
  },
});
