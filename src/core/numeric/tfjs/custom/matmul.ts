import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import type { Tf } from '../load';

/**
 * A 2-D matmul whose gradient never uses matMul's transpose flags: on the wasm backend
 * `matMul(a, b, false, true)` is 10–25× slower than an explicit transpose followed by a
 * plain matmul. Each product transposes whichever is smaller: the large operand, or the
 * upstream gradient and the result (dA = dY·Bᵀ = (B·dYᵀ)ᵀ, dB = Aᵀ·dY = (dYᵀ·A)ᵀ).
 */
export function makeMatmul(tf: Tf): (a: Tensor, b: Tensor) => Tensor {
  return tf.customGrad((a, b, save) => {
    const A = a as Tensor2D;
    const B = b as Tensor2D;
    (save as (ts: Tensor[]) => void)([A, B]);
    return {
      value: tf.matMul(A, B),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [x, w] = saved as Tensor2D[];
        const g = dy as Tensor2D;
        const [m, k] = x.shape;
        const n = w.shape[1];
        const da = k * n <= m * n + m * k ? tf.matMul(g, tf.transpose(w)) : tf.transpose(tf.matMul(w, tf.transpose(g)));
        const db = m * k <= m * n + k * n ? tf.matMul(tf.transpose(x), g) : tf.transpose(tf.matMul(tf.transpose(g), x));
        return [da, db];
      },
    };
  }) as (a: Tensor, b: Tensor) => Tensor;
}
