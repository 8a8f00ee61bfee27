import type { Exprs, Node } from '../../grad/expr';
import type { GraphNode } from '../../ir/graph';
import type { OpSpec } from '../../ir/op-spec';
import type { RuleContext } from '../../jacobian/rules/types';
import { delta, type Factor, type Ix } from '../../jacobian/term';
import { softmaxLike } from '../../shapes/rules/reduce';
import type { SymbolicContext } from '../op';

/**
 * softmax and log_softmax: along one axis (the last by default), each slice on its own.
 * Their Jacobians, per slice along axis a, are Diag(s) − ssᵀ and I − 1sᵀ:
 *   ∂S/∂Z = δ(every axis)·S − δ(every axis but a)·S[…, oₐ]·S[…, iₐ]
 */

export const rowwiseSignature: OpSpec = { params: ['x', 'axis'], tensors: 1, shape: softmaxLike, defaults: { axis: -1 } };

export function rowwiseAxis(ctx: RuleContext): number {
  const rank = ctx.shapes[0].length;
  const a = typeof ctx.node.attrs.axis === 'number' ? ctx.node.attrs.axis : -1;
  return a < 0 ? a + rank : a;
}

/** The output's indices with axis a replaced by the input's: S[…, iₐ]. */
export function alongInput(ctx: RuleContext, a: number): (Ix | null)[] {
  return ctx.out.map((o, j) => (j === a ? ctx.in[0][j] : o));
}

/** δ between every axis of X and of F, and between every axis but a. */
export function rowwiseDeltas(ctx: RuleContext, a: number): { all: Factor[]; others: Factor[] } {
  return {
    all: ctx.in[0].flatMap((ix, j) => delta(ctx.out[j], ix)),
    others: ctx.in[0].flatMap((ix, j) => (j === a ? [] : delta(ctx.out[j], ix))),
  };
}

/** softmax(Z) of a matrix's rows as a matrix expression, then `then` of it (log for log_softmax). */
export function readRows(then: (x: Exprs, s: Node) => Node): { read: (x: Exprs, node: GraphNode, input: (k: number) => Node, cx: SymbolicContext) => Node } {
  return {
    read: (x, node, input, cx) => {
      const axis = node.attrs.axis as number;
      if (cx.inputNode(0).shape.length !== 2 || !(axis === -1 || axis === 1)) return cx.unsupported('a softmax over columns');
      return then(x, x.softmax(input(0)));
    },
  };
}
