import type { Tensor } from '@tensorflow/tfjs-core';
import { expr, pointwise } from '../../jacobian/rules/types';
import type { F64Tensor } from '../../numeric/tensor';
import { asFloat } from '../../numeric/tfjs/dtype';
import { formatShape } from '../../shapes/dim';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';

/**
 * Dropout in training: y = x ⊙ [u ≥ p] / (1 − p), with u a uniform draw of x's shape that
 * the tracer makes a leaf of its own (OpSpec.draws), its second input. Every evaluation of
 * the program sees the same draw, so a check is deterministic, and the mask is data: the
 * gradient is the output gradient through the kept entries, scaled by 1 / (1 − p).
 * `training=False` (evaluation) hands x through unchanged.
 */
type Attrs = Readonly<Record<string, unknown>>;

/** The rate p; a rate the analysis could not read leaves the shapes right but stops the numbers. */
function rateOf(attrs: Attrs): number {
  if (typeof attrs.p !== 'number') throw new Error(`dropout's rate p (${JSON.stringify(attrs.p)}) is not a number Grad Lens can read`);
  return attrs.p;
}

const active = (attrs: Attrs): boolean => attrs.training !== false && rateOf(attrs) > 0;

/** What a kept entry is multiplied by: 1 / (1 − p); p = 1 drops everything. */
const scaleOf = (attrs: Attrs): number => (rateOf(attrs) >= 1 ? 0 : 1 / (1 - rateOf(attrs)));

const dropoutShape: ShapeRule = ([x, draw], attrs) => {
  const p = attrs.p;
  if (typeof p === 'number' && (p < 0 || p > 1)) return fail(`the rate p must be in [0, 1], got ${p}`, [0]);
  if (draw && (draw.shape.length !== x.shape.length || draw.shape.some((d, j) => d !== x.shape[j]))) return fail(`the draw ${formatShape(draw.shape)} is not of the tensor's shape ${formatShape(x.shape)}`, [0, 1]);
  return { shape: [...x.shape], dtype: 'float' };
};

export const dropout: OpModule<'dropout'> = opModule('dropout', {
  doc: 'dropout(x, p=0.5, training=True) — each entry zeroed where its uniform draw is below p, the rest scaled by 1 / (1 − p)',
  signature: { params: ['x', 'p', 'training'], tensors: 1, draws: true, shape: dropoutShape, defaults: { p: 0.5, training: true } },
  f64: ([x, draw]: F64Tensor[], ctx) => {
    const attrs = ctx.node.attrs;
    if (!active(attrs)) return { shape: [...x.shape], data: x.data.slice() };
    const p = rateOf(attrs);
    const scale = scaleOf(attrs);
    return { shape: [...x.shape], data: x.data.map((v, e) => (draw.data[e] >= p ? v * scale : 0)) };
  },
  // A product with the constant mask: Multiply's gradient carries the same mask back.
  tfjs: ([x, draw], ctx) => {
    const { tf } = ctx;
    const attrs = ctx.node.attrs;
    if (!active(attrs)) return tf.clone(asFloat(tf, x)) as Tensor;
    const mask = tf.mul(tf.cast(tf.greaterEqual(draw, rateOf(attrs)), 'float32'), scaleOf(attrs));
    return tf.mul(asFloat(tf, x), mask) as Tensor;
  },
  jacobian: {
    wrt: (ctx, k) => {
      if (k !== 0) return [];
      if (!active(ctx.node.attrs)) return pointwise(ctx, 0, []);
      const u = `{n:${ctx.node.inputs[1]}}`;
      const p = rateOf(ctx.node.attrs);
      return pointwise(ctx, 0, [expr(ctx.node.inputs[1], `dropout′(${p})`, `1[${u} ≥ ${p}] / ${1 - p}`, `\\mathbb{1}[${u} \\ge ${p}] / ${1 - p}`)]);
    },
  },
  symbolic: {
    // Y = (1 / (1 − p))·M ⊙ X with M the kept entries, data as the draw is: dX = (1 / (1 − p))·M ⊙ dY.
    read: (x, node, input, cx) => {
      if (typeof node.attrs.p !== 'number') return cx.unsupported(`dropout at a rate p that is not a number (${JSON.stringify(node.attrs.p)})`);
      if (!active(node.attrs)) return input(0);
      const kept = x.mul(cx.mask(1, 'the entries dropout keeps'), input(0));
      return x.mul(x.num(scaleOf(node.attrs)), kept);
    },
  },
  kinks: null,
  spellings: {
    python: [
      { names: ['torch.nn.functional.dropout', 'torch.dropout'], params: 'x, p=, training=, -inplace' },
      { names: ['tensorflow.nn.dropout'], params: 'x, rate=p, -noise_shape, -seed, -name' },
    ],
  },
});
