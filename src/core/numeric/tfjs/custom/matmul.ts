import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf';

/**
 * Relative cost per element of what surrounds a product on the wasm backend. XNNPACK packs
 * a product's right operand before multiplying (unless it packed the same tensor before),
 * which costs about twice as much as an explicit transpose of it; matMul's own transpose
 * flags are 10–25× slower than either.
 */
const TRANSPOSE = 1;
const PACK = 2;

/**
 * op(a)·op(b), where op transposes when asked, computed as written or as (op(b)ᵀ·op(a)ᵀ)ᵀ,
 * whichever moves fewer elements: for Bᵀ·G with B (1568, 1024) and G (1568, 10), transposing
 * B beats packing it; for a small left operand times a large fresh right one, the swap wins.
 */
export function product(tf: Tf, a: Tensor2D, b: Tensor2D, transposeA = false, transposeB = false): Tensor2D {
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : a.shape;
  const n = transposeB ? b.shape[0] : b.shape[1];
  const direct = (transposeA ? TRANSPOSE * m * k : 0) + (transposeB ? TRANSPOSE * k * n : 0) + PACK * k * n;
  const swapped = (transposeB ? 0 : TRANSPOSE * k * n) + (transposeA ? 0 : TRANSPOSE * m * k) + PACK * m * k + TRANSPOSE * m * n;
  const t = (x: Tensor2D) => tf.transpose(x) as Tensor2D;
  if (direct <= swapped) return tf.matMul(transposeA ? t(a) : a, transposeB ? t(b) : b);
  return t(tf.matMul(transposeB ? b : t(b), transposeA ? a : t(a)));
}

/** A 2-D matmul whose forward and backward products each take the cheaper of the two forms above. */
export function makeMatmul(tf: Tf): (a: Tensor, b: Tensor) => Tensor {
  return tf.customGrad((a, b, save) => {
    const A = a as Tensor2D;
    const B = b as Tensor2D;
    (save as (ts: Tensor[]) => void)([A, B]);
    return {
      value: product(tf, A, B),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [x, w] = saved as Tensor2D[];
        const g = dy as Tensor2D;
        return [product(tf, g, w, false, true), product(tf, x, g, true, false)];
      },
    };
  }) as (a: Tensor, b: Tensor) => Tensor;
}
