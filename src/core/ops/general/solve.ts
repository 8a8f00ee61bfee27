import type { Tensor } from '@tensorflow/tfjs-core';
import { aligned, expr, type RuleContext } from '../../jacobian/rules/types';
import { delta, type Factor, type Ix, node, tensor, term } from '../../jacobian/term';
import { matmul } from '../../numeric/f64/linalg';
import { invOp } from '../../numeric/tfjs/custom/lu';
import { asFloat } from '../../numeric/tfjs/dtype';
import { broadcastShapes } from '../../shapes/broadcast';
import { formatDim, formatShape } from '../../shapes/dim';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';
import { inv } from '../linalg/inv';
import { matmul as matmulOp } from '../linalg/matmul';

/**
 * X = A⁻¹B, the solution of AX = B (NumPy 2's rule: a 1-D B is one right-hand side, any
 * other B a matrix of them; batch axes broadcast). Its gradient, for G = ∂L/∂X:
 * ∂L/∂B = A⁻ᵀG and ∂L/∂A = −(A⁻ᵀG)Xᵀ.
 */
const solveShape: ShapeRule = ([a, b], _attrs, ctx) => {
  const r = a.shape.length;
  if (r < 2) return fail(`solve needs a square matrix (or a batch of them) first, got ${formatShape(a.shape)}`, [0]);
  const [n, m] = a.shape.slice(-2);
  if (!ctx.bindings.same(n, m)) return fail(`solve needs a square matrix first, got ${formatShape(a.shape)}`, [0]);
  if (b.shape.length === 0) return fail('solve needs a vector or a matrix as its right-hand side, got a scalar', [1]);
  const vector = b.shape.length === 1;
  const rows = vector ? b.shape[0] : b.shape[b.shape.length - 2];
  const partial = [...a.shape.slice(0, -2), n, ...(vector ? [] : [b.shape[b.shape.length - 1]])];
  if (!ctx.bindings.same(m, rows)) return fail(`solve: A ${formatShape(a.shape)} is ${formatDim(n)}×${formatDim(m)} but the right-hand side ${formatShape(b.shape)} has ${formatDim(rows)} rows`, [0, 1], { code: 'shape-mismatch', partial });
  const batch = broadcastShapes(a.shape.slice(0, -2), vector ? [] : b.shape.slice(0, -2), ctx.bindings);
  if (!('shape' in batch)) return fail(`solve: the batch axes of A ${formatShape(a.shape)} and of the right-hand side ${formatShape(b.shape)} do not broadcast (${formatDim(batch.a)} vs ${formatDim(batch.b)})`, [0, 1], { partial });
  return { shape: [...batch.shape, n, ...(vector ? [] : [b.shape[b.shape.length - 1]])], dtype: 'float' };
};

/** δ between the output's batch axes and an operand's, aligned from the right (a broadcast size-1 axis carries none). */
function batchDeltas(outBatch: readonly (Ix | null)[], shape: readonly (number | string)[], ix: readonly (Ix | null)[], own: number): Factor[] {
  const offset = outBatch.length - own;
  return ix.slice(0, own).flatMap((x, j) => delta(outBatch[j + offset] ?? null, shape[j] === 1 ? null : x));
}

/**
 * ∂X/∂B = A⁻¹ on each right-hand side: δ(batch)·δ(column)·A⁻¹[row of X, row of B].
 * ∂X/∂A = −A⁻¹ dA X: δ(batch)·(−A⁻¹[row of X, row of A]·X[column of A, column of X]).
 */
function solveWrt(ctx: RuleContext, k: number) {
  const [aShape, bShape] = ctx.shapes;
  const [aId] = ctx.node.inputs;
  const vector = bShape.length === 1;
  const batchLen = ctx.out.length - (vector ? 1 : 2);
  const outBatch = ctx.out.slice(0, batchLen);
  const row = ctx.out[batchLen];
  const col = vector ? null : ctx.out[batchLen + 1];
  const inverse = expr(aId, 'inv', `{n:${aId}}⁻¹`, `{n:${aId}}^{-1}`);
  const inverseAt = (inner: Ix | null) => tensor(inverse, [...aligned(outBatch, aShape.slice(0, -2)), row, inner]);
  if (k === 1) {
    const ix = ctx.in[1];
    const own = vector ? 0 : ix.length - 2;
    const inner = vector ? ix[0] : ix[ix.length - 2];
    return [term([...batchDeltas(outBatch, bShape, ix, own), ...(vector ? [] : delta(col, ix[ix.length - 1])), ...inverseAt(inner)])];
  }
  const ix = ctx.in[0];
  const [j, c] = ix.slice(-2);
  return [term([...batchDeltas(outBatch, aShape, ix, ix.length - 2), ...inverseAt(j), ...tensor(node(ctx.node.id), [...outBatch, c, ...(vector ? [] : [col])])], -1)];
}

export const solve: OpModule<'solve'> = opModule('solve', {
  doc: 'solve(A, B) — X with AX = B (A square; B a vector or a matrix of right-hand sides; batches broadcast)',
  signature: { params: ['a', 'b'], tensors: 2, shape: solveShape },
  f64: ([a, b], ctx) => matmul(inv.f64([a], ctx), b),
  // A⁻¹ (whose gradient is −A⁻ᵀ G A⁻ᵀ) times B: autodiff gives ∂L/∂B = A⁻ᵀG and ∂L/∂A = −A⁻ᵀG(A⁻¹B)ᵀ.
  tfjs: ([a, b], ctx) => matmulOp.tfjs([invOp(ctx.tf, asFloat(ctx.tf, a)), b], ctx) as Tensor,
  jacobian: { wrt: solveWrt },
  symbolic: { read: (x, _node, input) => x.matmul(x.inv(input(0)), input(1)) },
  kinks: null,
  spellings: {
    python: [
      { names: ['numpy.linalg.solve', 'torch.linalg.solve'], params: 'a, b' },
      { names: ['tensorflow.linalg.solve'], params: 'matrix, rhs' },
    ],
  },
});
