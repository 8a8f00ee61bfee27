import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf';
import { axesOf, keptShape } from './util';

/** Sum and mean: the upstream gradient spread back over the reduced axes. */
function spread(kernelName: 'Sum' | 'Mean'): (tf: Tf) => GradConfig {
  return (tf) => ({
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0];
      const axes = axesOf(attrs.axis, x.rank);
      const g = tf.reshape(dy as Tensor, keptShape(x.shape, axes));
      const count = axes.reduce((p, a) => p * x.shape[a], 1);
      return { x: () => tf.mul(kernelName === 'Mean' ? tf.div(g, count) : g, tf.ones(x.shape)) };
    },
  });
}

/** Max and min: the gradient goes to every element equal to the extreme (as tfjs does). */
function extreme(kernelName: 'Max' | 'Min'): (tf: Tf) => GradConfig {
  return (tf) => ({
    kernelName,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, y] = saved;
      const kept = keptShape(x.shape, axesOf(kernelName === 'Max' ? attrs.reductionIndices : attrs.axis, x.rank));
      return { x: () => tf.mul(tf.reshape(dy as Tensor, kept), tf.cast(tf.equal(x, tf.reshape(y, kept)), 'float32')) };
    },
  });
}

export const REDUCE_GRADIENTS: ((tf: Tf) => GradConfig)[] = [
  spread('Sum'),
  spread('Mean'),
  extreme('Max'),
  extreme('Min'),
  (tf) => ({
    kernelName: 'Softmax',
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const y = saved[0];
      const dim = axesOf(attrs.dim, y.rank);
      const dyY = tf.mul(dy as Tensor, y);
      return { logits: () => tf.sub(dyY, tf.mul(tf.sum(dyY, dim, true), y)) };
    },
  }),
];
