import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf';
import { reduceTo } from './util';

function swapLast2(tf: Tf, t: Tensor): Tensor {
  const perm = Array.from({ length: t.rank }, (_, i) => i);
  [perm[t.rank - 2], perm[t.rank - 1]] = [perm[t.rank - 1], perm[t.rank - 2]];
  return tf.transpose(t, perm);
}

/**
 * Matmul (tfjs's BatchMatMul kernel; Grad Lens's own 2-D products use custom/matmul.ts).
 * With a = op(A), b = op(B) where op transposes when the flag is set: da = dy·bᵀ,
 * db = aᵀ·dy, transposed back for a flagged operand; all with explicit transposes.
 */
export const LINALG_GRADIENTS: ((tf: Tf) => GradConfig)[] = [
  (tf) => ({
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [A, B] = saved;
      const a = attrs.transposeA ? swapLast2(tf, A) : A;
      const b = attrs.transposeB ? swapLast2(tf, B) : B;
      const g = dy as Tensor;
      return {
        a: () => {
          const da = tf.matMul(g, swapLast2(tf, b));
          return reduceTo(tf, attrs.transposeA ? swapLast2(tf, da) : da, A.shape);
        },
        b: () => {
          const db = tf.matMul(swapLast2(tf, a), g);
          return reduceTo(tf, attrs.transposeB ? swapLast2(tf, db) : db, B.shape);
        },
      };
    },
  }),
];
