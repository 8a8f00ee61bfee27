import type { Tensor } from '@tensorflow/tfjs-core';
import { normAxis } from '../tensor';
import { asFloat } from './dtype';
import type { Tf } from './tf';

/** tfjs's softmax and logSoftmax work on the last axis: other axes are moved there and back. */
export function onAxis(tf: Tf, x: Tensor, axisAttr: unknown, f: (t: Tensor) => Tensor): Tensor {
  const axis = normAxis(typeof axisAttr === 'number' ? axisAttr : -1, x.rank);
  if (axis === x.rank - 1) return f(x);
  const perm = Array.from({ length: x.rank }, (_, i) => i);
  [perm[axis], perm[x.rank - 1]] = [perm[x.rank - 1], perm[axis]];
  return tf.transpose(f(tf.transpose(x, perm)), perm);
}

export function logSoftmax(tf: Tf, x: Tensor, axis: unknown = -1): Tensor {
  return onAxis(tf, asFloat(tf, x), axis, (t) => tf.logSoftmax(t));
}
