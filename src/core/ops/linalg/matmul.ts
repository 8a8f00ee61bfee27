import type { Tensor } from '@tensorflow/tfjs-core';
import { aligned, type RuleContext } from '../../jacobian/rules/types';
import { delta, type Factor, type Ix, node, tensor, term } from '../../jacobian/term';
import { broadcastShape } from '../../numeric/f64/broadcast';
import { matmul as f64Matmul } from '../../numeric/f64/linalg';
import { asFloat } from '../../numeric/tfjs/dtype';
import { reduceTo } from '../../numeric/tfjs/gradients/util';
import type { Tf } from '../../numeric/tfjs/tf';
import type { TfKernelContext } from '../../numeric/tfjs/types';
import type { Dim } from '../../shapes/dim';
import { matmul as matmulShape } from '../../shapes/rules/linalg';
import { type OpModule, opModule } from '../op';

/** np.matmul semantics on tfjs: vectors promoted, batch axes broadcast explicitly (so their gradient sums). */
function tfMatmul([a0, b0]: Tensor[], ctx: TfKernelContext): Tensor {
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

function swapLast2(tf: Tf, t: Tensor): Tensor {
  const perm = Array.from({ length: t.rank }, (_, i) => i);
  [perm[t.rank - 2], perm[t.rank - 1]] = [perm[t.rank - 1], perm[t.rank - 2]];
  return tf.transpose(t, perm);
}

/*
 * The Jacobian of Y = AB (batched as NumPy):
 *   ∂Y/∂A = δ(batch) · δ(row of Y, row of A) · B[k, col of Y]   (column-major: Bᵀ ⊗ I, row-major: I ⊗ Bᵀ)
 *   ∂Y/∂B = δ(batch) · δ(col of Y, col of B) · A[row of Y, k]   (column-major: I ⊗ A, row-major: A ⊗ I)
 * 1-D operands are promoted as NumPy does and the added axis dropped.
 */

interface MatmulAxes {
  batch: (Ix | null)[];
  row: Ix | null;
  col: Ix | null;
}

/** The output's batch, row and column indices (row/col null when that operand was 1-D or has size 1). */
function outputAxes(ctx: RuleContext): MatmulAxes {
  const [a, b] = ctx.shapes;
  const aVec = a.length === 1;
  const bVec = b.length === 1;
  const out = ctx.out;
  const batchLen = out.length - (aVec ? 0 : 1) - (bVec ? 0 : 1);
  return { batch: out.slice(0, batchLen), row: aVec ? null : out[batchLen], col: bVec ? null : out[out.length - 1] };
}

/** δ between the output's batch axes and an operand's (broadcast axes of size 1 carry none). */
function batchDeltas(o: MatmulAxes, shape: readonly Dim[], ix: readonly (Ix | null)[], matrixAxes: number): Factor[] {
  const own = ix.slice(0, ix.length - matrixAxes);
  const offset = o.batch.length - own.length;
  return own.flatMap((x, j) => delta(o.batch[j + offset] ?? null, shape[j] === 1 ? null : x));
}

function matmulWrt(ctx: RuleContext, k: number) {
  const [aShape, bShape] = ctx.shapes;
  const [aId, bId] = ctx.node.inputs;
  const o = outputAxes(ctx);
  if (k === 0) {
    const ix = ctx.in[0];
    const aVec = aShape.length === 1;
    const inner = ix[ix.length - 1];
    const rowDelta = aVec ? [] : delta(o.row, ix[ix.length - 2]);
    // B indexed as B[batch…, inner, col]: its batch axes follow the output's, broadcast where B has size 1.
    const bAt = bShape.length === 1 ? [inner] : [...aligned(o.batch, bShape.slice(0, -2)), inner, o.col];
    return [term([...batchDeltas(o, aShape, ix, aVec ? 1 : 2), ...rowDelta, ...tensor(node(bId), bAt)])];
  }
  const ix = ctx.in[1];
  const bVec = bShape.length === 1;
  const inner = bVec ? ix[0] : ix[ix.length - 2];
  const colDelta = bVec ? [] : delta(o.col, ix[ix.length - 1]);
  const aAt = aShape.length === 1 ? [inner] : [...aligned(o.batch, aShape.slice(0, -2)), o.row, inner];
  return [term([...batchDeltas(o, bShape, ix, bVec ? 1 : 2), ...colDelta, ...tensor(node(aId), aAt)])];
}

export const matmul: OpModule<'matmul'> = opModule('matmul', {
  doc: 'matmul(a, b) — @, np.dot, .dot, np.matmul, torch.mm, tf.matmul, * in math; NumPy semantics for 1-D and batched operands',
  signature: { params: ['a', 'b'], tensors: 2, shape: matmulShape, label: 'matmul' },
  f64: ([a, b]) => f64Matmul(a, b),
  tfjs: tfMatmul,
  tfjsGradients: [
    // tfjs's BatchMatMul kernel (2-D products use custom/matmul.ts). With a = op(A), b = op(B) where op
    // transposes when the flag is set: da = dy·bᵀ, db = aᵀ·dy, transposed back for a flagged operand.
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
  ],
  jacobian: { wrt: matmulWrt },
  symbolic: {
    read: (x, _node, input, cx) => {
      const [a, b] = [input(0), input(1)];
      const [ra, rb] = [cx.inputNode(0).shape.length, cx.inputNode(1).shape.length];
      if (ra === 2 && rb === 2) return x.matmul(a, b);
      if (ra === 2 && rb === 1) return x.matmul(a, b);
      if (ra === 1 && rb === 2) return x.transpose(x.matmul(x.transpose(a), b));
      if (ra === 1 && rb === 1) return x.matmul(x.transpose(a), b);
      if (ra === 0 || rb === 0) return x.mul(a, b);
      return cx.unsupported('a batched matmul');
    },
  },
  kinks: null,
  spellings: {
    // tf.matmul's transpose_a/transpose_b flags are read by the front end (python/calls.ts).
    python: [{ names: ['numpy.dot', 'numpy.matmul', 'torch.matmul', 'torch.mm', 'torch.bmm', 'tensorflow.linalg.matmul'], params: 'a, b' }],
    methods: [{ names: ['dot', 'matmul', 'mm'], params: 'x, y' }],
  },
});
