import type { Tensor } from '@tensorflow/tfjs-core';
import { convGeometry } from '../conv-params';
import { poolArgmax } from '../f64/conv';
import { conv2dNhwc } from './custom/conv';
import { gatherFlat } from './custom/gather';
import { asFloat } from './dtype';
import type { TfKernelContext, TfKernelTable } from './types';

const TO_NHWC = [0, 2, 3, 1];
const TO_NCHW = [0, 3, 1, 2];
const OIHW_TO_HWIO = [2, 3, 1, 0];

function conv2d([x0, f0]: Tensor[], ctx: TfKernelContext): Tensor {
  const { tf } = ctx;
  const { layout, win } = convGeometry(x0.shape, f0.shape, ctx.node.attrs);
  const x = asFloat(tf, x0);
  const f = asFloat(tf, f0);
  if (layout === 'NHWC') return conv2dNhwc(tf, x, f, win);
  return tf.transpose(conv2dNhwc(tf, tf.transpose(x, TO_NHWC), tf.transpose(f, OIHW_TO_HWIO), win), TO_NCHW);
}

/**
 * max_pool2d as a gather of each window's maximum (the first on ties; padding never wins,
 * as in PyTorch and TensorFlow). The winners are found in JavaScript, exactly as the
 * float64 kernel finds them, and the gradient flows through the gather: the wasm backend's
 * MaxPoolGrad gives wrong gradients for batches with several channels.
 */
function maxPool2d([x0]: Tensor[], ctx: TfKernelContext): Tensor {
  const { tf } = ctx;
  const x = asFloat(tf, x0);
  const { shape, arg } = poolArgmax({ shape: x.shape, data: Float64Array.from(x.dataSync()) }, ctx.node.attrs);
  return gatherFlat(tf, x, arg, shape);
}

export const CONV: TfKernelTable = { conv2d, max_pool2d: maxPool2d };
