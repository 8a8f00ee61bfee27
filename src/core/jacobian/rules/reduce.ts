import type { Dim } from '../../shapes/dim';
import { delta, type Factor, type Ix, node, tensor, term } from '../term';
import { expr, type JacobianRule, type RuleContext } from './types';

/**
 * Reductions and the softmax family. A reduction ties each kept axis of X to its axis in
 * F and leaves the reduced axes free: rows of ones (sum), of 1/n (mean), of softmax
 * weights (logsumexp). Softmax along axis a:
 *   ∂S/∂Z = δ(every axis)·S − δ(every axis but a)·S[…, oₐ]·S[…, iₐ]
 * which, per slice along a, is Diag(s) − ssᵀ.
 */

function axesOf(ctx: RuleContext): { reduced: Set<number>; keep: boolean } {
  const rank = ctx.shapes[0].length;
  const raw = ctx.node.attrs.axis as number | number[] | null | undefined;
  const list = raw === undefined || raw === null ? [...Array(rank).keys()] : Array.isArray(raw) ? raw : [raw];
  return { reduced: new Set(list.map((a) => (a < 0 ? a + rank : a))), keep: ctx.node.attrs.keepdims === true };
}

/** δ between each kept axis of X and its position in F. */
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

function reducedSizes(ctx: RuleContext): Dim[] {
  const { reduced } = axesOf(ctx);
  return ctx.shapes[0].filter((_, j) => reduced.has(j));
}

/** A value over X's own axes (weights of a reduction). */
const onInput = (ctx: RuleContext, src: ReturnType<typeof expr>) => tensor(src, [...ctx.in[0]]);

const softmaxAxis = (ctx: RuleContext) => {
  const rank = ctx.shapes[0].length;
  const a = typeof ctx.node.attrs.axis === 'number' ? ctx.node.attrs.axis : -1;
  return a < 0 ? a + rank : a;
};

/** The output's indices with axis a replaced by the input's: S[…, iₐ]. */
function alongInput(ctx: RuleContext, a: number): (Ix | null)[] {
  return ctx.out.map((o, j) => (j === a ? ctx.in[0][j] : o));
}

function softmaxWrt(ctx: RuleContext) {
  const a = softmaxAxis(ctx);
  // A softmax over a single element is the constant 1: Diag(s) − ssᵀ = 1 − 1 = 0 exactly.
  if (ctx.shapes[0][a] === 1) return [];
  const s = ctx.node.id;
  const all = ctx.in[0].flatMap((ix, j) => delta(ctx.out[j], ix));
  const others = ctx.in[0].flatMap((ix, j) => (j === a ? [] : delta(ctx.out[j], ix)));
  return [term([...all, ...tensor(node(s), [...ctx.out])]), term([...others, ...tensor(node(s), [...ctx.out]), ...tensor(node(s), alongInput(ctx, a))], -1)];
}

function logSoftmaxWrt(ctx: RuleContext) {
  const a = softmaxAxis(ctx);
  if (ctx.shapes[0][a] === 1) return [];
  const all = ctx.in[0].flatMap((ix, j) => delta(ctx.out[j], ix));
  const others = ctx.in[0].flatMap((ix, j) => (j === a ? [] : delta(ctx.out[j], ix)));
  const x = ctx.node.inputs[0];
  const s = expr(ctx.node.id, 'softmax', `softmax({n:${x}})`, `\\operatorname{softmax}({n:${x}})`, 's');
  // ∂ log softmax = I − 1sᵀ per slice.
  return [term(all), term([...others, ...tensor(s, alongInput(ctx, a))], -1)];
}

export const REDUCE_RULES: Record<string, JacobianRule> = {
  sum: { wrt: (ctx) => [term(keptDeltas(ctx))] },
  mean: { wrt: (ctx) => [term(keptDeltas(ctx), 1, reducedSizes(ctx))] },
  // The derivative picks the arg max: structurally any element of the reduced slice.
  max: { wrt: (ctx) => [term([...keptDeltas(ctx), ...onInput(ctx, expr(ctx.node.inputs[0], 'argmax', `1[{n:${ctx.node.inputs[0]}} = max]`, `\\mathbb{1}[{n:${ctx.node.inputs[0]}} = \\max]`))])] },
  min: { wrt: (ctx) => [term([...keptDeltas(ctx), ...onInput(ctx, expr(ctx.node.inputs[0], 'argmin', `1[{n:${ctx.node.inputs[0]}} = min]`, `\\mathbb{1}[{n:${ctx.node.inputs[0]}} = \\min]`))])] },
  logsumexp: {
    wrt: (ctx) => {
      const x = ctx.node.inputs[0];
      return [term([...keptDeltas(ctx), ...onInput(ctx, expr(x, 'lse-softmax', `softmax({n:${x}})`, `\\operatorname{softmax}({n:${x}})`, 's'))])];
    },
  },
  argmax: { wrt: () => [] },
  softmax: { wrt: softmaxWrt },
  log_softmax: { wrt: logSoftmaxWrt },
};
