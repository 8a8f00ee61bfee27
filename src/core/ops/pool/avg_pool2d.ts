import { formatDim, formatShape } from '../../shapes/dim';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';
import { heightAxis, layoutOf, windowBins, windowCount, windowsOf, withSpatial } from './geometry';
import { type BinsOf, POOL_SYMBOLIC, poolF64, poolJacobian, poolTf } from './separable';

/** Pads count in the divisor unless the call says otherwise (PyTorch's count_include_pad); 'same' padding never does. */
const countsPad = (attrs: Readonly<Record<string, unknown>>): boolean => attrs.count_include_pad !== false;

const avgPoolShape: ShapeRule = ([x], attrs) => {
  const hAxis = heightAxis(x.shape.length, layoutOf(attrs), 'avg_pool2d');
  if (typeof hAxis === 'string') return fail(`${hAxis}, got ${formatShape(x.shape)}`, [0]);
  const windows = windowsOf(attrs);
  if (typeof windows === 'string') return fail(windows, [0]);
  const [h, w] = [x.shape[hAxis], x.shape[hAxis + 1]];
  const oh = windowCount(h, windows[0]);
  const ow = windowCount(w, windows[1]);
  if (oh === null || ow === null) return fail(`the ${windows[0].k}×${windows[1].k} window is larger than the ${formatDim(h)}×${formatDim(w)} input`, [0]);
  return { shape: withSpatial(x.shape, hAxis, oh, ow), dtype: 'float' };
};

const bins: BinsOf = (shape, attrs) => {
  const hAxis = heightAxis(shape.length, layoutOf(attrs), 'avg_pool2d') as number;
  const windows = windowsOf(attrs);
  if (typeof windows === 'string') throw new Error(windows);
  return { hAxis, rows: windowBins(shape[hAxis], windows[0], countsPad(attrs)), cols: windowBins(shape[hAxis + 1], windows[1], countsPad(attrs)) };
};

export const avgPool2d: OpModule<'avg_pool2d'> = opModule('avg_pool2d', {
  doc: 'avg_pool2d(x, kernel_size, stride=kernel_size, padding=0, layout, count_include_pad, ceil_mode) — the mean of each window of the two spatial axes',
  signature: {
    params: ['x', 'kernel_size', 'stride', 'padding'],
    tensors: 1,
    shape: avgPoolShape,
    defaults: { kernel_size: 2, stride: null, padding: 0, layout: 'NCHW', count_include_pad: true, ceil_mode: false },
  },
  f64: poolF64('avg_pool2d', bins),
  tfjs: poolTf('avg_pool2d', bins),
  jacobian: poolJacobian('avg_pool2d', bins, { text: 'A_avg (each output the mean of its window)', latex: 'A_{\\mathrm{avg}}' }),
  symbolic: POOL_SYMBOLIC,
  kinks: null,
  spellings: {
    python: [
      { names: ['torch.nn.functional.avg_pool2d'], params: 'x, kernel_size, stride=, padding=, ceil_mode=, count_include_pad=, -divisor_override', attrs: { layout: 'NCHW' } },
      // TensorFlow's 'same' padding leaves the padding out of each mean.
      { names: ['tensorflow.nn.avg_pool2d', 'tensorflow.nn.avg_pool'], params: 'x, ksize, strides=stride, padding=, data_format=layout, -name', attrs: { layout: 'NHWC', count_include_pad: false } },
    ],
  },
});
