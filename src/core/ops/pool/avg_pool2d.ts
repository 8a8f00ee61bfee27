import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { formatDim, formatShape } from '../../shapes/dim';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';
import { asFloat } from '../../numeric/tfjs/dtype';
import type { TfKernel } from '../../numeric/tfjs/types';
import { type Attrs, heightAxis, layoutOf, windowBins, windowCount, windowsOf, withSpatial } from './geometry';
import { type BinsOf, POOL_SYMBOLIC, poolF64, poolJacobian, view } from './separable';

/** Pads count in the divisor unless the call says otherwise (PyTorch's count_include_pad); 'same' padding never does. */
const countsPad = (attrs: Attrs): boolean => attrs.count_include_pad !== false;

const avgPoolShape: ShapeRule = ([x], attrs) => {
  const hAxis = heightAxis(x.shape.length, layoutOf(attrs), 'avg_pool2d');
  if (typeof hAxis === 'string') return fail(`${hAxis}, got ${formatShape(x.shape)}`, [0]);
  const windows = windowsOf(attrs);
  if (typeof windows === 'string') return fail(windows, [0]);
  const d = attrs.divisor_override;
  if (d !== null && d !== undefined && !(typeof d === 'number' && d > 0)) return fail(`divisor_override must be a number > 0, got ${JSON.stringify(d)}`, [0]);
  const [h, w] = [x.shape[hAxis], x.shape[hAxis + 1]];
  const oh = windowCount(h, windows[0]);
  const ow = windowCount(w, windows[1]);
  if (oh === null || ow === null) return fail(`the ${windows[0].k}×${windows[1].k} window is larger than the ${formatDim(h)}×${formatDim(w)} input`, [0]);
  return { shape: withSpatial(x.shape, hAxis, oh, ow), dtype: 'float' };
};

function windowBinsOf(shape: readonly number[], attrs: Attrs) {
  const hAxis = heightAxis(shape.length, layoutOf(attrs), 'avg_pool2d') as number;
  const windows = windowsOf(attrs);
  if (typeof windows === 'string') throw new Error(windows);
  const rows = windowBins(shape[hAxis], windows[0], countsPad(attrs));
  const cols = windowBins(shape[hAxis + 1], windows[1], countsPad(attrs));
  // PyTorch's divisor_override divides every window's sum by one number.
  if (typeof attrs.divisor_override === 'number') {
    rows.divisor.fill(attrs.divisor_override);
    cols.divisor.fill(1);
  }
  return { hAxis, windows, rows, cols };
}

const bins: BinsOf = windowBinsOf;

/**
 * TensorFlow.js's own pooling: the input as (images, H, W, channels), zeros padded around it
 * so that every window lies inside, each window's sum over kh·kw, then scaled where the mean
 * is over fewer entries. Its gradient spreads each upstream entry over its window again (a
 * transposed convolution with a constant filter, channel by channel), which the wasm backend
 * runs: tfjs registers no AvgPool gradient here.
 */
const avgPoolTf: TfKernel = ([x0], ctx) => {
  const { tf } = ctx;
  const x = asFloat(tf, x0);
  const { outer, h, w, inner } = view(x.shape, ctx.node.attrs, 'avg_pool2d');
  const { hAxis, windows, rows, cols } = windowBinsOf(x.shape, ctx.node.attrs);
  const [kh, kw] = [windows[0].k, windows[1].k];
  const strides: [number, number] = [windows[0].s, windows[1].s];
  const pads: [number, number][] = [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]];
  const windowMean = tf.customGrad((input, save) => {
    const padded = tf.pad(input as Tensor4D, pads);
    (save as (ts: Tensor[]) => void)([padded]);
    return {
      value: tf.avgPool(padded, [kh, kw], strides, 'valid'),
      gradFunc: (dy: Tensor, [p]: Tensor[]) => {
        const [n, ph, pw, c] = p.shape;
        const [, oh, ow] = dy.shape as number[];
        const perChannel = tf.reshape(tf.transpose(dy, [0, 3, 1, 2]), [n * c, oh, ow, 1]) as Tensor4D;
        const spread = tf.conv2dTranspose(perChannel, tf.fill([kh, kw, 1, 1], 1 / (kh * kw)) as Tensor4D, [n * c, ph, pw, 1], strides, 'valid');
        const full = tf.transpose(tf.reshape(spread, [n, c, ph, pw]), [0, 2, 3, 1]);
        return tf.slice(full, [0, rows.padBefore, cols.padBefore, 0], [n, h, w, c]);
      },
    };
  });
  const sums = windowMean(tf.reshape(x, [outer, h, w, inner]));
  const [oh, ow] = [rows.start.length, cols.start.length];
  const scale = rows.divisor.flatMap((dh) => cols.divisor.map((dw) => (kh * kw) / (dh * dw)));
  const means = scale.every((f) => f === 1) ? sums : tf.mul(sums, tf.tensor3d(scale, [oh, ow, 1]));
  return tf.reshape(means, withSpatial(x.shape, hAxis, oh, ow));
};

export const avgPool2d: OpModule<'avg_pool2d'> = opModule('avg_pool2d', {
  doc: 'avg_pool2d(x, kernel_size, stride=kernel_size, padding=0, layout, count_include_pad, ceil_mode, divisor_override) — the mean of each window of the two spatial axes',
  signature: {
    params: ['x', 'kernel_size', 'stride', 'padding'],
    tensors: 1,
    shape: avgPoolShape,
    defaults: { kernel_size: 2, stride: null, padding: 0, layout: 'NCHW', count_include_pad: true, ceil_mode: false, divisor_override: null },
  },
  f64: poolF64('avg_pool2d', bins),
  tfjs: avgPoolTf,
  jacobian: poolJacobian('avg_pool2d', bins, { text: 'A_H ⊗ A_W on each image (each output the mean of its window)', latex: 'A_H \\otimes A_W' }),
  symbolic: POOL_SYMBOLIC,
  kinks: null,
  spellings: {
    python: [
      { names: ['torch.nn.functional.avg_pool2d'], params: 'x, kernel_size, stride=, padding=, ceil_mode=, count_include_pad=, divisor_override=', attrs: { layout: 'NCHW' } },
      // TensorFlow's 'same' padding leaves the padding out of each mean.
      { names: ['tensorflow.nn.avg_pool2d', 'tensorflow.nn.avg_pool'], params: 'x, ksize, strides=stride, padding=, data_format=layout, -name', attrs: { layout: 'NHWC', count_include_pad: false } },
    ],
  },
});
