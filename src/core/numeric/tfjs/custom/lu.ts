import type { Tensor } from '@tensorflow/tfjs-core';
import { luDecompose, luDet, luInverse, luLogDet } from '../../f64/lu';
import type { Tf } from '../tf';

/**
 * inv, det and logdet have no TensorFlow.js kernel: the value is computed in JavaScript
 * (LU with partial pivoting, in float64) and the gradient is the textbook one:
 * d inv(X) = -X⁻ᵀ·G·X⁻ᵀ, d det(X) = det(X)·X⁻ᵀ, d logdet(X) = X⁻ᵀ.
 */
function inverseData(x: Tensor): Float32Array {
  const n = x.shape[x.rank - 1];
  const src = x.dataSync();
  const out = new Float64Array(src.length);
  for (let off = 0; off < src.length; off += n * n) luInverse(luDecompose(src, n, off), n, out, off);
  return Float32Array.from(out);
}

function perMatrix(x: Tensor, f: (src: ArrayLike<number>, n: number, off: number) => number): Float32Array {
  const n = x.shape[x.rank - 1];
  const src = x.dataSync();
  const out: number[] = [];
  for (let off = 0; off < src.length; off += n * n) out.push(f(src, n, off));
  return Float32Array.from(out);
}

function transposeLast2(tf: Tf, t: Tensor): Tensor {
  const perm = Array.from({ length: t.rank }, (_, i) => i);
  [perm[t.rank - 2], perm[t.rank - 1]] = [perm[t.rank - 1], perm[t.rank - 2]];
  return tf.transpose(t, perm);
}

/** dy of a per-matrix scalar broadcast over each matrix. */
function expand(tf: Tf, t: Tensor): Tensor {
  return tf.expandDims(tf.expandDims(t, -1), -1);
}

export function invOp(tf: Tf, x: Tensor): Tensor {
  const op = tf.customGrad((xx, save) => {
    const X = xx as Tensor;
    const y = tf.tensor(inverseData(X), X.shape);
    (save as (ts: Tensor[]) => void)([y]);
    return {
      value: y,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const yT = transposeLast2(tf, saved[0]);
        return tf.neg(tf.matMul(tf.matMul(yT, dy), yT));
      },
    };
  });
  return op(x);
}

export function detOp(tf: Tf, x: Tensor): Tensor {
  const op = tf.customGrad((xx, save) => {
    const X = xx as Tensor;
    const d = tf.tensor(perMatrix(X, (s, n, off) => luDet(luDecompose(s, n, off), n)), X.shape.slice(0, -2));
    (save as (ts: Tensor[]) => void)([X, d]);
    return {
      value: d,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const invT = transposeLast2(tf, tf.tensor(inverseData(saved[0]), saved[0].shape));
        return tf.mul(expand(tf, tf.mul(dy, saved[1])), invT);
      },
    };
  });
  return op(x);
}

export function logdetOp(tf: Tf, x: Tensor): Tensor {
  const op = tf.customGrad((xx, save) => {
    const X = xx as Tensor;
    const d = tf.tensor(perMatrix(X, (s, n, off) => luLogDet(luDecompose(s, n, off), n)), X.shape.slice(0, -2));
    (save as (ts: Tensor[]) => void)([X]);
    return {
      value: d,
      gradFunc: (dy: Tensor, saved: Tensor[]) => tf.mul(expand(tf, dy), transposeLast2(tf, tf.tensor(inverseData(saved[0]), saved[0].shape))),
    };
  });
  return op(x);
}
