import type { Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf';

/**
 * Gathers elements of x by flat offset (NumPy indexing, planned in numeric/index-plan.ts).
 * Its gradient scatters with ScatterNd, which sums repeated offsets: tfjs's own gather
 * gradient needs UnsortedSegmentSum, which the wasm backend does not have.
 */
export function gatherFlat(tf: Tf, x: Tensor, offsets: Int32Array, shape: number[]): Tensor {
  if (offsets.length === 0) return tf.zeros(shape, x.dtype);
  const idx = tf.tensor1d(offsets, 'int32');
  if (x.dtype !== 'float32') return tf.reshape(tf.gather(tf.reshape(x, [-1]), idx), shape);
  const op = tf.customGrad((xx, save) => {
    const t = xx as Tensor;
    (save as (ts: Tensor[]) => void)([idx]);
    return {
      value: tf.reshape(tf.gather(tf.reshape(t, [-1]), idx), shape),
      gradFunc: (dy: Tensor, saved: Tensor[]) => tf.reshape(tf.scatterND(tf.reshape(saved[0], [-1, 1]), tf.reshape(dy, [-1]), [t.size]), t.shape),
    };
  });
  return op(x);
}
