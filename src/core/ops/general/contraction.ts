import type { Tensor } from '@tensorflow/tfjs-core';
import { type Exprs, type Node, ShapeError } from '../../grad/expr';
import { type Factor, type Ix, node, type Term, tensor, delta } from '../../jacobian/term';
import type { RuleContext } from '../../jacobian/rules/types';
import { type F64Tensor, sizeOf, stridesOf } from '../../numeric/tensor';
import { asFloat } from '../../numeric/tfjs/dtype';
import type { Tf } from '../../numeric/tfjs/tf';
import { type Dim, formatDim, formatShape } from '../../shapes/dim';
import { fail, type RuleContext as ShapeContext, type ShapeResult, type TensorInfo } from '../../shapes/rules/types';

/**
 * A tensor contraction in Einstein's notation, the engine of einsum, tensordot and kron:
 * every operand axis carries a label; a label repeated within one operand takes its
 * diagonal, a label absent from the output is summed over, and a size-1 axis broadcasts.
 * Labels are strings: a letter, or `…k` for the k-th axis an ellipsis stands for.
 */
export interface Contraction {
  operands: string[][];
  output: string[];
}

/** The labels summed over, in their first appearance's order. */
function summedLabels(c: Contraction): string[] {
  const seen = new Set(c.output);
  const out: string[] = [];
  for (const labels of c.operands) {
    for (const l of labels) {
      if (!seen.has(l)) {
        seen.add(l);
        out.push(l);
      }
    }
  }
  return out;
}

/** Each label's size at concrete shapes (size-1 axes broadcast). */
function labelSizes(c: Contraction, shapes: readonly (readonly number[])[]): Map<string, number> {
  const sizes = new Map<string, number>();
  c.operands.forEach((labels, k) =>
    labels.forEach((l, a) => {
      const d = shapes[k][a];
      if (!sizes.has(l) || sizes.get(l) === 1) sizes.set(l, d);
      else if (d !== 1 && sizes.get(l) !== d) throw new Error(`contraction: label ${l} is ${sizes.get(l)} in one operand and ${d} in operand ${k}`);
    }),
  );
  return sizes;
}

/**
 * The result's shape, or why the operands do not fit: a label's sizes must agree across
 * operands (1 broadcasts) and be equal where one operand repeats it. `describe` names the
 * label in messages (einsum's letter, tensordot's axis pair).
 */
export function contractionShape(c: Contraction, inputs: readonly TensorInfo[], ctx: ShapeContext, what: string, describe: (label: string) => string): ShapeResult {
  const sizes = new Map<string, { dim: Dim; from: number }>();
  const operandText = (k: number) => `operand ${k} ${formatShape(inputs[k].shape)}`;
  for (let k = 0; k < c.operands.length; k++) {
    const labels = c.operands[k];
    if (labels.length !== inputs[k].shape.length) return fail(`${what}: operand ${k} has ${inputs[k].shape.length} dimension${inputs[k].shape.length === 1 ? '' : 's'} ${formatShape(inputs[k].shape)} but its subscripts name ${labels.length}`, [k]);
    for (let a = 0; a < labels.length; a++) {
      const d = inputs[k].shape[a];
      const known = sizes.get(labels[a]);
      if (!known) {
        sizes.set(labels[a], { dim: d, from: k });
        continue;
      }
      if (ctx.bindings.same(known.dim, d)) continue;
      const diagonal = known.from === k;
      if (!diagonal && d === 1) continue;
      if (!diagonal && known.dim === 1) {
        sizes.set(labels[a], { dim: d, from: k });
        continue;
      }
      const where = diagonal ? `twice in ${operandText(k)}` : `in ${operandText(known.from)} and ${operandText(k)}`;
      return fail(`${what}: ${describe(labels[a])} is ${formatDim(known.dim)} and ${formatDim(d)} ${where}`, diagonal ? [k] : [known.from, k], { code: 'shape-mismatch' });
    }
  }
  const float = inputs.some((t) => t.dtype === 'float');
  return { shape: c.output.map((l) => (sizes.get(l) as { dim: Dim }).dim), dtype: float ? 'float' : 'int' };
}

/** The float64 contraction: every combination of the labels, products summed into the output. */
export function contractF64(c: Contraction, inputs: readonly F64Tensor[]): F64Tensor {
  const sizes = labelSizes(c, inputs.map((t) => t.shape));
  const all = [...c.output, ...summedLabels(c)];
  const dims = all.map((l) => sizes.get(l) as number);
  // Each operand's step per label; a repeated label steps along its diagonal, a broadcast axis not at all.
  const steps = inputs.map((t, k) => {
    const strides = stridesOf(t.shape);
    const per = new Array<number>(all.length).fill(0);
    c.operands[k].forEach((l, a) => {
      if (t.shape[a] !== 1) per[all.indexOf(l)] += strides[a];
    });
    return per;
  });
  const outShape = dims.slice(0, c.output.length);
  const data = new Float64Array(sizeOf(outShape));
  const summed = sizeOf(dims.slice(c.output.length));
  const total = data.length * summed;
  const counter = new Array<number>(all.length).fill(0);
  const offsets = new Array<number>(inputs.length).fill(0);
  for (let e = 0; e < total; e++) {
    let p = 1;
    for (let k = 0; k < inputs.length; k++) p *= inputs[k].data[offsets[k]];
    data[Math.floor(e / summed)] += p;
    // The odometer: the last label turns fastest; each operand's offset follows.
    for (let j = all.length - 1; j >= 0; j--) {
      counter[j]++;
      for (let k = 0; k < inputs.length; k++) offsets[k] += steps[k][j];
      if (counter[j] < dims[j]) break;
      for (let k = 0; k < inputs.length; k++) offsets[k] -= steps[k][j] * dims[j];
      counter[j] = 0;
    }
  }
  return { shape: outShape, data };
}

/**
 * The TensorFlow.js contraction, made of ops with gradients (autodiff needs no rule of its
 * own): diagonals taken with an identity mask, each operand laid out over all labels, the
 * broadcast product summed over the labels the output drops.
 */
export function contractTf(tf: Tf, c: Contraction, inputs: readonly Tensor[]): Tensor {
  const all = [...c.output, ...summedLabels(c)];
  let product: Tensor | null = null;
  inputs.forEach((input, k) => {
    let t = asFloat(tf, input);
    const labels = [...c.operands[k]];
    for (let q = 1; q < labels.length; q++) {
      const p = labels.indexOf(labels[q]);
      if (p === q) continue;
      const n = t.shape[p];
      const eye = tf.reshape(tf.eye(n), t.shape.map((d, a) => (a === p || a === q ? n : 1)));
      t = tf.sum(tf.mul(t, eye), q);
      labels.splice(q--, 1);
    }
    const order = labels.map((_, a) => a).sort((a, b) => all.indexOf(labels[a]) - all.indexOf(labels[b]));
    t = tf.transpose(t, order);
    const laid = order.map((a) => labels[a]);
    const spread = all.map((l) => (laid.includes(l) ? t.shape[laid.indexOf(l)] : 1));
    t = tf.reshape(t, spread);
    product = product ? tf.mul(product, t) : t;
  });
  const result = product as unknown as Tensor;
  return all.length > c.output.length ? tf.sum(result, [...Array(all.length - c.output.length).keys()].map((j) => j + c.output.length)) : result;
}

/**
 * ∂out/∂(operand k) as an index network: the output's labels tied to operand k's axes (and
 * a repeated label's axes to each other), times the other operands at those indices. An
 * operand with a label summed outside operand k is a contraction the network cannot name:
 * it is structurally full over the indices it shares.
 */
export function contractionJacobian(c: Contraction, ctx: RuleContext, k: number): Term[] {
  const own = c.operands[k];
  const ixOf = (l: string): Ix | null | undefined => {
    const j = c.output.indexOf(l);
    if (j >= 0) return ctx.out[j];
    const a = own.indexOf(l);
    return a >= 0 ? ctx.in[k][a] : undefined;
  };
  const factors: Factor[] = own.flatMap((l, a) => {
    const j = c.output.indexOf(l);
    const first = own.indexOf(l);
    return j >= 0 ? delta(ctx.out[j], ctx.in[k][a]) : first < a ? delta(ctx.in[k][first], ctx.in[k][a]) : [];
  });
  const opaque = new Set<Ix>();
  let anyOpaque = false;
  c.operands.forEach((labels, m) => {
    if (m === k) return;
    const at = labels.map((l, a) => (ctx.in[m][a] === null ? null : ixOf(l)));
    if (at.some((x) => x === undefined)) {
      anyOpaque = true;
      for (const x of at) if (x) opaque.add(x);
    } else factors.push(...tensor(node(ctx.node.inputs[m]), at as (Ix | null)[]));
  });
  if (anyOpaque && opaque.size > 0) factors.push({ kind: 'opaque', at: [...opaque] });
  return [{ coef: 1, mul: [], den: [], factors }];
}

/** A matrix expression with the label of its rows and of its columns (null: a size-1 side). */
interface Labelled {
  e: Node;
  row: string | null;
  col: string | null;
}

const letters = (m: Labelled) => [m.row, m.col].filter((l): l is string => l !== null);

/**
 * The contraction as a matrix expression, where every operand and the result have at most
 * two axes: operands folded in pairwise, each pair a matrix product over one summed label
 * or a broadcast Hadamard product, labels no later operand needs summed away, the result
 * turned to the output's order. Throws ShapeError (Derive Gradient says why) otherwise.
 */
export function contractionExpr(x: Exprs, c: Contraction, inputs: readonly Node[], what: string): Node {
  const cannot = (why: string): never => {
    throw new ShapeError(`${what} has no matrix form here (${why}); Check Gradients differentiates it numerically`);
  };
  if (c.output.length > 2 || c.operands.some((o) => o.length > 2)) cannot('more than two axes');
  const needed = (from: number) => new Set([...c.output, ...c.operands.slice(from).flat()]);
  const reduce = (m: Labelled, keep: Set<string>): Labelled => {
    if (m.row !== null && m.row === m.col) {
      if (keep.has(m.row)) return { e: x.diag(m.e), row: m.row, col: null };
      return { e: x.trace(m.e), row: null, col: null };
    }
    let out = m;
    if (out.row !== null && !keep.has(out.row)) out = { e: x.sum(out.e, 0), row: null, col: out.col };
    if (out.col !== null && !keep.has(out.col)) out = { e: x.sum(out.e, 1), row: out.row, col: null };
    return out;
  };
  const flip = (m: Labelled): Labelled => ({ e: x.transpose(m.e), row: m.col, col: m.row });
  /** m with `label` on the side asked for. */
  const put = (m: Labelled, label: string, side: 'row' | 'col'): Labelled => (m[side] === label ? m : flip(m));
  const operand = (k: number): Labelled => {
    const [row, col] = c.operands[k];
    return { e: inputs[k], row: row ?? null, col: col ?? null };
  };
  let acc = reduce(operand(0), needed(1));
  for (let k = 1; k < c.operands.length; k++) {
    const keep = needed(k + 1);
    const next = reduce(operand(k), new Set([...keep, ...letters(acc)]));
    acc = reduce(acc, new Set([...keep, ...letters(next)]));
    const shared = letters(acc).filter((l) => letters(next).includes(l));
    const summed = shared.filter((l) => !keep.has(l));
    const union = [...new Set([...letters(acc), ...letters(next)])];
    if (summed.length === 1 && shared.length === 1) {
      const s = summed[0];
      const left = put(acc, s, 'col');
      const right = put(next, s, 'row');
      acc = { e: x.matmul(left.e, right.e), row: left.row, col: right.col };
    } else if (union.length <= 2) {
      // Both laid over the same (row, col) labels, multiplied with broadcasting, summed where no longer needed.
      const frame = (m: Labelled): Labelled => {
        const ls = letters(m);
        if (ls.length === 2) return put(m, union[0], 'row');
        if (ls.length === 0) return m;
        return ls[0] === union[0] ? (m.row === null ? flip(m) : m) : m.col === null ? flip(m) : m;
      };
      const a = frame(acc);
      const b = frame(next);
      acc = reduce({ e: x.mul(a.e, b.e), row: a.row ?? b.row, col: a.col ?? b.col }, keep);
    } else cannot('a contraction over more than one label at once');
  }
  acc = reduce(acc, new Set(c.output));
  if (c.output.length === 2) return put(acc, c.output[0], 'row').e;
  if (c.output.length === 1) return acc.row === null && acc.col !== null ? x.transpose(acc.e) : acc.e;
  return acc.e;
}
