import type { GradSaveFunc, Tensor } from '@tensorflow/tfjs-core';
import type { Exprs, Node } from '../../grad/expr';
import type { GraphNode } from '../../ir/graph';
import { expr, type JacobianRule, type RuleContext } from '../../jacobian/rules/types';
import { delta, type Factor, type Ix, node, tensor, term } from '../../jacobian/term';
import { broadcastMap } from '../../numeric/index-plan';
import type { F64Kernel } from '../../numeric/f64/types';
import { asFloat } from '../../numeric/tfjs/dtype';
import type { TfKernel } from '../../numeric/tfjs/types';
import { type Dim, formatShape, mulDims } from '../../shapes/dim';
import { fail, type ShapeResult, type TensorInfo } from '../../shapes/rules/types';
import type { RuleContext as ShapeRuleContext } from '../../shapes/rules/types';
import type { SymbolicContext } from '../op';

/**
 * What layer_norm and batch_norm share: each standardises x over a set of axes and then
 * scales and shifts it,
 *   y = (x − μ) / σ ⊙ weight + bias,  μ = mean(x),  σ = √(mean((x − μ)²) + eps),
 * with the biased variance (divided by the count, as PyTorch and Keras do when training),
 * each group of entries (a row for layer norm, a channel for batch norm) on its own. The
 * ops differ in which axes they reduce and along which axes weight and bias vary: `layout`
 * says both from the node's attributes and the operand's rank. Weight and bias hold one
 * value per position of those axes; the kernels align them with x themselves, so a
 * channel's (C,) weight meets axis 1 of an (N, C, H, W) input.
 */
export interface Layout {
  /** The axes the statistics are taken over. */
  reduced: number[];
  /** The axes weight and bias vary along, in order. */
  affine: number[];
}
export type LayoutOf = (attrs: Readonly<Record<string, unknown>>, rank: number) => Layout;

export const epsOf = (attrs: Readonly<Record<string, unknown>>): number => (typeof attrs.eps === 'number' ? attrs.eps : 1e-5);

const product = (dims: readonly Dim[]): Dim => dims.reduce<Dim>((p, d) => mulDims(p, d), 1);

/** x's shape with every axis but `axes` set to 1. */
const keptOnly = (shape: readonly number[], axes: readonly number[]): number[] => shape.map((d, j) => (axes.includes(j) ? d : 1));

/**
 * The shape rule: x is float of rank at least 1 (layout decides the rest), and weight and
 * bias each hold the sizes of x's affine axes, in order (size-1 axes of their own aside), or
 * are numbers.
 */
export function standardizeShape(what: string, layoutOf: LayoutOf, check: (x: TensorInfo, attrs: Readonly<Record<string, unknown>>) => string | null) {
  return (inputs: TensorInfo[], attrs: Readonly<Record<string, unknown>>, ctx: ShapeRuleContext): ShapeResult => {
    const [x] = inputs;
    const problem = check(x, attrs);
    if (problem) return fail(`${what} of ${formatShape(x.shape)}: ${problem}`, [0], { partial: x.shape });
    const wanted = layoutOf(attrs, x.shape.length).affine.map((a) => x.shape[a]);
    for (const k of [1, 2]) {
      // A number scales or shifts every entry (1 and 0 stand for a weight or bias left out).
      if (inputs[k]?.shape.length === 0) continue;
      const given = inputs[k]?.shape.filter((d) => d !== 1) ?? [];
      const sizes = wanted.filter((d) => d !== 1);
      if (given.length !== sizes.length || !given.every((d, j) => ctx.bindings.same(d, sizes[j]))) {
        return fail(`${what} of ${formatShape(x.shape)}: its ${k === 1 ? 'weight' : 'bias'} has shape ${formatShape(inputs[k]?.shape ?? [])}, where ${formatShape(wanted)} is needed`, [0, k], { partial: x.shape });
      }
    }
    return { shape: [...x.shape], dtype: 'float' };
  };
}

/** The float64 kernel: means and biased variances per group, then (x − μ) / √(var + eps) ⊙ w + b. */
export function standardizeF64(layoutOf: LayoutOf): F64Kernel {
  return ([x, w, b], ctx) => {
    const { reduced, affine } = layoutOf(ctx.node.attrs, x.shape.length);
    const kept = x.shape.map((d, j) => (reduced.includes(j) ? 1 : d));
    const group = broadcastMap(kept, x.shape);
    const at = broadcastMap(keptOnly(x.shape, affine), x.shape);
    const groups = kept.reduce((p, d) => p * d, 1);
    const count = x.data.length / Math.max(1, groups);
    const mean = new Float64Array(groups);
    const variance = new Float64Array(groups);
    for (let i = 0; i < x.data.length; i++) mean[group[i]] += x.data[i];
    for (let g = 0; g < groups; g++) mean[g] /= count;
    for (let i = 0; i < x.data.length; i++) variance[group[i]] += (x.data[i] - mean[group[i]]) ** 2;
    const eps = epsOf(ctx.node.attrs);
    const std = variance.map((v) => Math.sqrt(v / count + eps));
    const scale = (t: typeof w, i: number) => t.data[t.data.length === 1 ? 0 : at[i]];
    return { shape: [...x.shape], data: x.data.map((v, i) => ((v - mean[group[i]]) / std[group[i]]) * scale(w, i) + scale(b, i)) };
  };
}

/**
 * The TensorFlow.js kernel with its analytic gradient. Per group of size M, with g the
 * upstream gradient times the weight: dx = (g − mean(g) − x̂ ⊙ mean(g ⊙ x̂)) / σ; the
 * weight's gradient sums g·x̂ and the bias's sums g over the axes they do not vary along.
 */
export function standardizeTf(layoutOf: LayoutOf): TfKernel {
  return ([x0, w0, b0], ctx) => {
    const { tf } = ctx;
    const x = asFloat(tf, x0);
    const { reduced, affine } = layoutOf(ctx.node.attrs, x.rank);
    const spread = x.shape.map((_, j) => j).filter((j) => !affine.includes(j));
    const along = keptOnly(x.shape, affine);
    const eps = epsOf(ctx.node.attrs);
    const f = tf.customGrad((...args) => {
      const [input, weight, bias] = args.slice(0, 3) as Tensor[];
      const save = args[3] as unknown as GradSaveFunc;
      const centred = tf.sub(input, tf.mean(input, reduced, true));
      const inverseStd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), reduced, true), eps));
      const standard = tf.mul(centred, inverseStd);
      // A weight or bias of the affine sizes is laid along its axes; a number broadcasts as it is.
      const aligned = (t: Tensor) => (t.rank === 0 ? t : tf.reshape(t, along));
      const w = aligned(weight);
      save([standard, inverseStd, w]);
      return {
        value: tf.add(tf.mul(standard, w), aligned(bias)),
        gradFunc: (dy, [y, inv, scale]) => {
          const up = dy as Tensor;
          const g = tf.mul(up, scale);
          const dx = tf.mul(tf.sub(tf.sub(g, tf.mean(g, reduced, true)), tf.mul(y, tf.mean(tf.mul(g, y), reduced, true))), inv);
          const total = (t: Tensor, like: Tensor) => tf.reshape(like.rank === 0 ? tf.sum(t) : tf.sum(t, spread), like.shape);
          const dw = total(tf.mul(up, y), weight);
          const db = total(up, bias);
          return [dx, dw, db];
        },
      };
    });
    return f(x, asFloat(tf, w0), asFloat(tf, b0)) as Tensor;
  };
}

/**
 * The Jacobian, operand by operand, with o the output's indices and i the operand's:
 *  x: within a group (1/σ)·Diag(w)(I − 11ᵀ/M − x̂x̂ᵀ/M), a dense block; across groups zero;
 *  weight: x̂ of each output, tied to its affine position; bias: ones, tied likewise.
 * δ over the kept axes ties an output to its own group, δ over every axis is the identity.
 */
export function standardizeJacobian(layoutOf: LayoutOf): JacobianRule {
  return {
    wrt: (ctx: RuleContext, k: number) => {
      const rank = ctx.shapes[0].length;
      const { reduced, affine } = layoutOf(ctx.node.attrs, rank);
      const x = ctx.node.inputs[0];
      const standard = expr(x, 'standardized', `x̂({n:${x}})`, `\\hat{x}({n:${x}})`);
      if (k > 0) {
        const ties = tiesToAffine(ctx, k, affine);
        return k === 1 ? [term([...ties, ...tensor(standard, [...ctx.out])])] : [term(ties)];
      }
      const size: Dim[] = ctx.shapes[0].filter((_, j) => reduced.includes(j));
      // A group of one entry standardises to the constant 0.
      if (product(size) === 1) return [];
      const all: Factor[] = ctx.in[0].flatMap((ix, j) => delta(ctx.out[j], ix));
      const kept: Factor[] = ctx.in[0].flatMap((ix, j) => (reduced.includes(j) ? [] : delta(ctx.out[j], ix)));
      // w/σ of the output's position: σ is the same along the reduced axes, w along the others.
      const w = ctx.node.inputs[1];
      const scale = tensor(expr(x, `scaled-inverse-std${w}`, `{n:${w}} ⊘ σ({n:${x}})`, `{n:${w}} \\oslash \\sigma({n:${x}})`), [...ctx.out]);
      const alongInput = ctx.out.map((o, j) => (reduced.includes(j) ? ctx.in[0][j] : o));
      return [
        term([...all, ...scale]),
        term([...kept, ...scale], -1, size),
        term([...kept, ...scale, ...tensor(standard, [...ctx.out]), ...tensor(standard, alongInput)], -1, size),
      ];
    },
  };
}

/** δ between weight's (or bias's) axes of size > 1 and the output's affine axes, in order. */
function tiesToAffine(ctx: RuleContext, k: number, affine: number[]): Factor[] {
  const own: (Ix | null)[] = ctx.in[k].filter((_, j) => ctx.shapes[k][j] !== 1);
  const outs = affine.filter((a) => ctx.shapes[0][a] !== 1).map((a) => ctx.out[a]);
  return own.flatMap((ix, j) => delta(outs[j] ?? null, ix));
}

/**
 * y of a matrix or vector as a matrix expression: the row-wise standardize of the
 * expression language (whose rule is the layer-norm Jacobian) along the rows, of the
 * transpose down the columns or along a vector; over every entry of a matrix, written out
 * from sums (`along` says which, or null when the axes are none of these). Weight and bias
 * vary along a row (a 1-D one is read as a row, as in broadcasting) or down a column.
 */
export type Along = 'rows' | 'columns' | 'all';

/** A matrix standardised over all its entries, written out from sums. */
function entries(x: Exprs, a: Node, eps: number): Node {
  const mean = (t: Node) => x.div(x.sum(t), x.dim(product(a.shape)));
  const centred = x.sub(a, mean(a));
  return x.div(centred, x.fn('sqrt', x.add(mean(x.pow(centred, 2)), x.num(eps))));
}

export function readStandardize(along: (node: GraphNode, rank: number) => Along | null): { read: (x: Exprs, node: GraphNode, input: (k: number) => Node, cx: SymbolicContext) => Node } {
  return {
    read: (x, node, input, cx) => {
      const shape = cx.inputNode(0).shape;
      const how = along(node, shape.length);
      if (how === null) return cx.unsupported(`a ${node.op} over these axes of a ${shape.length}-dimensional operand`);
      const a = input(0);
      const eps = epsOf(node.attrs);
      const byColumns = how === 'columns' || (how === 'all' && shape.length === 1);
      const standard = how === 'rows' ? x.standardize(a, eps) : byColumns ? x.transpose(x.standardize(x.transpose(a), eps)) : entries(x, a, eps);
      // A 1-D weight of a matrix's rows or columns (batch norm of (N, C): one per column) meets it as a row.
      const affine = (k: number) => (shape.length === 2 && cx.inputNode(k).shape.length === 1 && how !== 'all' ? x.transpose(input(k)) : input(k));
      return x.add(x.mul(standard, affine(1)), affine(2));
    },
  };
}
