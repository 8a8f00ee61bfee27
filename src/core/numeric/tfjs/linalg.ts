import type { Tensor } from '@tensorflow/tfjs-core';
import { broadcastShape } from '../f64/broadcast';
import { detOp, invOp, logdetOp } from './custom/lu';
import { asFloat } from './dtype';
import type { TfKernelContext, TfKernelTable } from './types';

/** np.matmul semantics on tfjs: vectors promoted, batch axes broadcast explicitly (so their gradient sums). */
function matmul([a0, b0]: Tensor[], ctx: TfKernelContext): Tensor {
  const { tf, ops } = ctx;
  const a = asFloat(tf, a0);
  const b = asFloat(tf, b0);
  const aVec = a.rank === 1;
  const bVec = b.rank === 1;
  const A = aVec ? tf.reshape(a, [1, a.shape[0]]) : a;
  const B = bVec ? tf.reshape(b, [b.shape[0], 1]) : b;
  const m = A.shape[A.rank - 2];
  const n = B.shape[B.rank - 1];
  const batch = broadcastShape(A.shape.slice(0, -2), B.shape.slice(0, -2));
  const outShape = [...batch, ...(aVec ? [] : [m]), ...(bVec ? [] : [n])];
  if (A.rank === 2 && B.rank === 2) {
    const y = ops.matmul2d(A, B);
    return aVec || bVec ? tf.reshape(y, outShape) : y;
  }
  const Ab = tf.broadcastTo(A, [...batch, ...A.shape.slice(-2)]);
  const Bb = tf.broadcastTo(B, [...batch, ...B.shape.slice(-2)]);
  return tf.reshape(tf.matMul(Ab, Bb), outShape);
}

function transpose([x]: Tensor[], ctx: TfKernelContext): Tensor {
  const perm = ctx.node.attrs.perm;
  return ctx.tf.transpose(x, Array.isArray(perm) ? (perm as number[]).map((p) => (p < 0 ? p + x.rank : p)) : undefined);
}

function eye(ctx: TfKernelContext, n: number): Tensor {
  return ctx.tf.eye(n);
}

/** np.diag through products with the identity, so that the gradient is plain broadcasting. */
function diag([x0]: Tensor[], ctx: TfKernelContext): Tensor {
  const { tf } = ctx;
  const x = asFloat(tf, x0);
  if (x.rank === 1) return tf.mul(eye(ctx, x.shape[0]), tf.reshape(x, [1, x.shape[0]]));
  const [r, c] = x.shape;
  const n = Math.min(r, c);
  const square = r === c ? x : tf.slice(x, [0, 0], [n, n]);
  return tf.sum(tf.mul(square, eye(ctx, n)), 1);
}

export const LINALG: TfKernelTable = {
  matmul,
  transpose,
  outer: ([a, b], { tf }) => tf.mul(tf.reshape(asFloat(tf, a), [-1, 1]), tf.reshape(asFloat(tf, b), [1, -1])),
  inv: ([x], { tf }) => invOp(tf, asFloat(tf, x)),
  det: ([x], { tf }) => detOp(tf, asFloat(tf, x)),
  logdet: ([x], { tf }) => logdetOp(tf, asFloat(tf, x)),
  diag,
};
