import type { Tensor } from '@tensorflow/tfjs-core';
import type { Exprs, Node } from '../../grad/expr';
import type { GraphNode } from '../../ir/graph';
import type { OpSpec } from '../../ir/op-spec';
import { expr, type RuleContext } from '../../jacobian/rules/types';
import { delta, type Factor, tensor } from '../../jacobian/term';
import { reduction, reductionAxes } from '../../numeric/f64/reduce';
import type { F64Kernel } from '../../numeric/f64/types';
import { sizeOf } from '../../numeric/tensor';
import { asFloat, asType } from '../../numeric/tfjs/dtype';
import { axesOf as axesOfTf, keptShape } from '../../numeric/tfjs/gradients/util';
import type { TfGradient } from '../../numeric/tfjs/gradients/types';
import type { TfKernel, TfKernelContext } from '../../numeric/tfjs/types';
import { type Dim, mulDims } from '../../shapes/dim';
import { reduce } from '../../shapes/rules/reduce';
import type { ShapeRule } from '../../shapes/rules/types';
import type { SymbolicContext } from '../op';

/**
 * What the reductions over `axis` (absent: every axis) with `keepdims` share: their
 * signature, kernels built from one accumulation, and the Jacobian's index structure.
 */

export function reductionSignature(shape: ShapeRule = reduce): OpSpec {
  return { params: ['x', 'axis', 'keepdims'], tensors: 1, shape, defaults: { axis: null, keepdims: false } };
}

/** The float64 kernel folding each reduced slice with `step` from `init`, then `finish` (given the slice's size). */
export function f64Reducer(init: number, step: (acc: number, v: number) => number, finish: (acc: number, count: number) => number = (a) => a): F64Kernel {
  return ([x], ctx) => {
    const r = reduction(x.shape, ctx.node.attrs.axis, ctx.node.attrs.keepdims);
    const out = new Float64Array(sizeOf(r.outShape)).fill(init);
    for (let i = 0; i < x.data.length; i++) out[r.map[i]] = step(out[r.map[i]], x.data[i]);
    for (let i = 0; i < out.length; i++) out[i] = finish(out[i], r.count);
    return { shape: r.outShape, data: out };
  };
}

/** The tfjs kernel applying `f` over the reduced axes (a copy when there are none); `float` casts the input first. */
export function tfReducer(f: (ctx: TfKernelContext, x: Tensor, axes: number[], keep: boolean) => Tensor, float = false): TfKernel {
  return ([x], ctx) => {
    const t = float ? asFloat(ctx.tf, x) : x.dtype === 'bool' ? asType(ctx.tf, x, 'int32') : x;
    const axes = reductionAxes(ctx.node.attrs.axis, t.rank);
    const keep = ctx.node.attrs.keepdims === true;
    if (axes.length === 0) return ctx.tf.clone(t);
    return f(ctx, t, axes, keep);
  };
}

function axesOf(ctx: RuleContext): { reduced: Set<number>; keep: boolean } {
  const rank = ctx.shapes[0].length;
  const raw = ctx.node.attrs.axis as number | number[] | null | undefined;
  const list = raw === undefined || raw === null ? [...Array(rank).keys()] : Array.isArray(raw) ? raw : [raw];
  return { reduced: new Set(list.map((a) => (a < 0 ? a + rank : a))), keep: ctx.node.attrs.keepdims === true };
}

/** δ between each kept axis of X and its position in F: the reduced axes stay free. */
export function keptDeltas(ctx: RuleContext): Factor[] {
  const { reduced, keep } = axesOf(ctx);
  const out: Factor[] = [];
  let o = 0;
  ctx.in[0].forEach((ix, j) => {
    if (reduced.has(j)) {
      if (keep) o++;
      return;
    }
    out.push(...delta(ctx.out[o++] ?? null, ix));
  });
  return out;
}

/** The sizes of the reduced axes (mean divides by their product). */
export function reducedSizes(ctx: RuleContext): Dim[] {
  const { reduced } = axesOf(ctx);
  return ctx.shapes[0].filter((_, j) => reduced.has(j));
}

/** A value over X's own axes: the weights a reduction's Jacobian gives each element. */
export const onInput = (ctx: RuleContext, src: ReturnType<typeof expr>): Factor[] => tensor(src, [...ctx.in[0]]);

/**
 * sum, mean, logsumexp and prod of a matrix or vector as a matrix expression: over everything,
 * or along one axis (a column sum transposed to a column unless the axis is kept).
 */
export function readReduction(kind: 'sum' | 'mean' | 'logsumexp' | 'prod'): { read: (x: Exprs, node: GraphNode, input: (k: number) => Node, cx: SymbolicContext) => Node } {
  return {
    read: (x, node, input, cx) => {
      const a = kind === 'logsumexp' ? x.fn('exp', input(0)) : input(0);
      const axis = node.attrs.axis as number | null | number[];
      const src = cx.inputNode(0).shape;
      const fold = (m: Node, along: 0 | 1 | null) => (kind === 'prod' ? x.prod(m, along) : x.sum(m, along));
      let reduced: Node;
      let count: Dim;
      if (axis === null || axis === undefined || src.length < 2 || (Array.isArray(axis) && axis.length === 2)) {
        reduced = fold(a, null);
        count = src.reduce<Dim>((p, d) => mulDims(p, d), 1);
      } else {
        const ax = Array.isArray(axis) ? axis[0] : axis;
        const along = ax === 0 || ax === -2 ? 0 : 1;
        reduced = along === 0 ? (node.attrs.keepdims ? fold(a, 0) : x.transpose(fold(a, 0))) : fold(a, 1);
        count = src[along];
      }
      if (kind === 'mean') return x.div(reduced, x.dim(count));
      return kind === 'logsumexp' ? x.fn('log', reduced) : reduced;
    },
  };
}

/** Sum and mean in tfjs: the upstream gradient spread back over the reduced axes. */
export function spreadGradient(kernelName: 'Sum' | 'Mean'): TfGradient {
  return (tf) => ({
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0];
      const axes = axesOfTf(attrs.axis, x.rank);
      const g = tf.reshape(dy as Tensor, keptShape(x.shape, axes));
      const count = axes.reduce((p, a) => p * x.shape[a], 1);
      return { x: () => tf.mul(kernelName === 'Mean' ? tf.div(g, count) : g, tf.ones(x.shape)) };
    },
  });
}
