import type { GradSaveFunc, Tensor } from '@tensorflow/tfjs-core';
import { ShapeError } from '../../grad/expr';
import { keptDeltas } from '../reduce/reduction';
import { expr } from '../../jacobian/rules/types';
import { tensor, term } from '../../jacobian/term';
import { reduction, reductionAxes } from '../../numeric/f64/reduce';
import { sidesHash } from '../../numeric/f64/sides';
import { type F64Tensor, sizeOf } from '../../numeric/tensor';
import { asFloat } from '../../numeric/tfjs/dtype';
import type { Tf } from '../../numeric/tfjs/tf';
import { formatShape } from '../../shapes/dim';
import { reduceFloat } from '../../shapes/rules/reduce';
import { fail, isFailure, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';

/**
 * The p-norm of the entries along the given axes, taken as one vector (all of them when
 * axis is None): p = 1, 2, ∞, −∞ or any p ≥ 1; the Frobenius norm is the 2-norm of a
 * matrix's entries. NumPy's and torch.linalg's `ord` with two axes (or none, of a matrix)
 * names a matrix norm: of those, only the Frobenius norm is here, and the others say so.
 * TensorFlow's tf.norm and torch.norm take the entries as one vector whatever the axes.
 */

const allAxes = (attrs: Readonly<Record<string, unknown>>) => attrs.axis === null || attrs.axis === undefined;

/** The p of the vector norm a node computes, or why its `ord` is not one here. */
function orderOf(attrs: Readonly<Record<string, unknown>>, rank: number): number | string {
  const ord = attrs.ord;
  const axes = allAxes(attrs) ? rank : Array.isArray(attrs.axis) ? attrs.axis.length : 1;
  const matrix = attrs.matrix_ord === true && axes === 2;
  if (ord === null || ord === undefined || ord === 'fro' || ord === 'euclidean') return 2;
  if (matrix) return `the matrix norm ord=${String(ord)} (spectral, nuclear or an induced norm) is not one Grad Lens computes; the Frobenius norm (ord=None or 'fro') is`;
  if (attrs.matrix_ord === true && allAxes(attrs) && rank > 2) return `ord=${String(ord)} needs axis when the operand has ${rank} dimensions`;
  const p = ord === 'inf' ? Infinity : ord === '-inf' ? -Infinity : ord;
  if (typeof p !== 'number' || !(p >= 1 || p === -Infinity)) return `ord=${String(ord)} is not a norm Grad Lens computes (1, 2, inf, -inf, p ≥ 1 and 'fro' are)`;
  return p;
}

function order(attrs: Readonly<Record<string, unknown>>, rank: number): number {
  const p = orderOf(attrs, rank);
  if (typeof p === 'string') throw new Error(`norm: ${p}`);
  return p;
}

const normShape: ShapeRule = (inputs, attrs, ctx) => {
  const reduced = reduceFloat(inputs, attrs, ctx);
  if (isFailure(reduced)) return reduced;
  const p = orderOf(attrs, inputs[0].shape.length);
  return typeof p === 'string' ? fail(`norm of ${formatShape(inputs[0].shape)}: ${p}`, [0], { partial: reduced.shape }) : reduced;
};

/** ‖x‖ₚ of each group of entries, in float64. */
function normF64([x]: F64Tensor[], ctx: { node: { attrs: Readonly<Record<string, unknown>> } }): F64Tensor {
  const p = order(ctx.node.attrs, x.shape.length);
  const r = reduction(x.shape, ctx.node.attrs.axis, ctx.node.attrs.keepdims);
  const acc = new Float64Array(sizeOf(r.outShape)).fill(p === -Infinity ? Infinity : 0);
  for (let i = 0; i < x.data.length; i++) {
    const v = Math.abs(x.data[i]);
    const o = r.map[i];
    acc[o] = p === Infinity ? Math.max(acc[o], v) : p === -Infinity ? Math.min(acc[o], v) : acc[o] + v ** p;
  }
  const data = Number.isFinite(p) ? acc.map((s) => s ** (1 / p)) : acc;
  return { shape: r.outShape, data };
}

/** ∂‖x‖ₚ/∂x given x and the norm broadcast against it: the subgradient 0 where x is 0 and p > 1. */
function normGradient(tf: Tf, x: Tensor, n: Tensor, p: number): Tensor {
  if (p === 2) return tf.divNoNan(x, n);
  const sign = tf.sign(x);
  if (p === 1) return sign;
  if (!Number.isFinite(p)) return tf.mul(sign, tf.cast(tf.equal(tf.abs(x), n), 'float32'));
  return tf.mul(sign, tf.divNoNan(tf.pow(tf.abs(x), p - 1), tf.pow(n, p - 1)));
}

function normTf(tf: Tf, x: Tensor, axes: number[], keepdims: boolean, p: number): Tensor {
  const abs = tf.abs(x);
  if (p === Infinity) return tf.max(abs, axes, keepdims);
  if (p === -Infinity) return tf.min(abs, axes, keepdims);
  if (p === 1) return tf.sum(abs, axes, keepdims);
  if (p === 2) return tf.sqrt(tf.sum(tf.square(x), axes, keepdims));
  return tf.pow(tf.sum(tf.pow(abs, p), axes, keepdims), 1 / p);
}

/** The derivative's value as the Jacobian prints it. */
function derivative(x: number, p: number) {
  const n = `{n:${x}}`;
  if (p === 2) return expr(x, 'norm′2', `${n} ⊘ ‖${n}‖`, `${n} \\oslash \\lVert ${n} \\rVert`);
  if (p === 1) return expr(x, 'norm′1', `sign(${n})`, `\\operatorname{sign}(${n})`);
  if (!Number.isFinite(p)) return expr(x, `norm′${p}`, `sign(${n}) ⊙ 1[|${n}| = ‖${n}‖]`, `\\operatorname{sign}(${n}) \\odot \\mathbb{1}[|${n}| = \\lVert ${n} \\rVert]`);
  return expr(x, `norm′${p}`, `sign(${n}) ⊙ |${n}|^${p - 1} ⊘ ‖${n}‖^${p - 1}`, `\\operatorname{sign}(${n}) \\odot |${n}|^{${p - 1}} \\oslash \\lVert ${n} \\rVert^{${p - 1}}`);
}

export const norm: OpModule<'norm'> = opModule('norm', {
  doc: 'norm(x, ord=None, axis=None, keepdims=False) — the p-norm (1, 2, inf, p ≥ 1; Frobenius) of the entries along the axes',
  signature: { params: ['x', 'ord', 'axis', 'keepdims'], tensors: 1, shape: normShape, defaults: { ord: null, axis: null, keepdims: false } },
  f64: normF64,
  tfjs: ([x0], ctx) => {
    const { tf } = ctx;
    const x = asFloat(tf, x0);
    const p = order(ctx.node.attrs, x.rank);
    const axes = reductionAxes(ctx.node.attrs.axis, x.rank);
    const keepdims = ctx.node.attrs.keepdims === true;
    const f = tf.customGrad((t, save) => {
      const input = t as Tensor;
      const value = normTf(tf, input, axes, keepdims, p);
      (save as GradSaveFunc)([input, value]);
      return {
        value,
        gradFunc: (dy, [saved, n]) => {
          const kept = saved.shape.map((d, a) => (axes.includes(a) ? 1 : d));
          return tf.mul(tf.reshape(dy as Tensor, kept), normGradient(tf, saved, tf.reshape(n, kept), p));
        },
      };
    });
    return f(x) as Tensor;
  },
  jacobian: {
    // A row per group: the derivative's value at every entry of the group.
    wrt: (ctx) => [term([...keptDeltas(ctx), ...tensor(derivative(ctx.node.inputs[0], order(ctx.node.attrs, ctx.shapes[0].length)), [...ctx.in[0]])])],
  },
  symbolic: {
    read: (x, node, input, { inputNode: operand }) => {
      const a = input(0);
      const p = order(node.attrs, operand(0).shape.length);
      if (p !== 2 || !allAxes(node.attrs)) {
        throw new ShapeError(`only the 2-norm of all the entries (Frobenius) has a matrix-calculus rule here, not ord=${String(node.attrs.ord)}${allAxes(node.attrs) ? '' : ` along axis ${String(node.attrs.axis)}`}; Check Gradients differentiates it numerically`);
      }
      return x.norm(a);
    },
  },
  // ord 1 bends where an entry is 0; ∞ where the largest |entry| changes hands; 2 and p only at the zero vector.
  kinks: ([x], out, ctx) => {
    const p = order(ctx.node.attrs, x.shape.length);
    if (p === 1) return sidesHash(x, [0]);
    if (Number.isFinite(p)) return sidesHash(out, [0]);
    const r = reduction(x.shape, ctx.node.attrs.axis, true);
    return sidesHash({ shape: x.shape, data: x.data.map((v, i) => (Math.abs(v) === out.data[r.map[i]] ? Math.sign(v) : 0)) }, [0]);
  },
  spellings: {
    python: [
      { names: ['numpy.linalg.norm', 'torch.linalg.norm'], params: 'x, ord=, axis=, keepdims=', attrs: { matrix_ord: true } },
      { names: ['torch.linalg.vector_norm'], params: 'x, ord=, axis=, keepdims=' },
      { names: ['torch.norm'], params: 'x, p=ord, axis=, keepdims=' },
      { names: ['tensorflow.norm', 'tensorflow.linalg.norm'], params: 'x, ord=, axis=, keepdims=' },
    ],
    methods: [{ names: ['norm'], params: 'x, p=ord, axis=, keepdims=' }],
  },
});
