import type { Tensor } from '@tensorflow/tfjs-core';
import { expr, pointwise } from '../../jacobian/rules/types';
import { broadcastTo } from '../../numeric/f64/broadcast';
import type { F64Tensor } from '../../numeric/tensor';
import { asType, tfDtype } from '../../numeric/tfjs/dtype';
import { broadcastShapes } from '../../shapes/broadcast';
import { formatDim, formatShape } from '../../shapes/dim';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';

/**
 * `x.masked_fill(mask, value)`: x where the mask is false, the value where it is true. The
 * mask is data (a comparison), never differentiated; the value may be -inf, as in causal
 * attention, so the kernels select rather than blend (-inf · 0 would be NaN).
 */
const fillOf = (attrs: Readonly<Record<string, unknown>>): number => (typeof attrs.value === 'number' ? attrs.value : 0);

const maskedFillShape: ShapeRule = ([x, mask], attrs, ctx) => {
  if (typeof attrs.value !== 'number') return fail(`the fill value must be one number, got ${JSON.stringify(attrs.value)}`, [0]);
  // The mask broadcasts to x's shape; x itself is never stretched.
  const r = broadcastShapes(x.shape, mask.shape, ctx.bindings);
  if (!('shape' in r)) return fail(`the mask does not broadcast to the tensor — axis ${r.axis} has ${formatDim(r.a)} against ${formatDim(r.b)}`, [0, 1], { partial: x.shape });
  if (r.shape.length !== x.shape.length || r.shape.some((d, j) => !ctx.bindings.same(d, x.shape[j]))) {
    return fail(`the mask ${formatShape(mask.shape)} would stretch the tensor ${formatShape(x.shape)} to ${formatShape(r.shape)}`, [0, 1], { partial: x.shape });
  }
  return { shape: [...x.shape], dtype: x.dtype === 'bool' ? 'float' : x.dtype };
};

export const maskedFill: OpModule<'masked_fill'> = opModule('masked_fill', {
  doc: 'masked_fill(x, mask, value) — x with the value written where the (broadcast) mask is true',
  signature: { params: ['x', 'mask', 'value'], tensors: 2, shape: maskedFillShape, defaults: { value: 0 } },
  f64: ([x, mask]: F64Tensor[], ctx) => {
    const m = broadcastTo(mask, x.shape).data;
    const value = fillOf(ctx.node.attrs);
    return { shape: [...x.shape], data: x.data.map((v, e) => (m[e] !== 0 ? value : v)) };
  },
  // Select's gradient sends the output gradient to x where the mask is false and 0 elsewhere.
  tfjs: ([x, mask], ctx) => {
    const { tf } = ctx;
    const input = asType(tf, x, tfDtype(ctx.node.dtype));
    const where = tf.broadcastTo(tf.cast(mask, 'bool'), input.shape);
    return tf.where(where, tf.fill(input.shape, fillOf(ctx.node.attrs), input.dtype), input) as Tensor;
  },
  jacobian: {
    wrt: (ctx, k) => {
      if (k !== 0) return [];
      const m = `{n:${ctx.node.inputs[1]}}`;
      return pointwise(ctx, 0, [expr(ctx.node.inputs[1], 'masked_fill′', `1 − ${m}`, `1 - ${m}`)]);
    },
  },
  symbolic: {
    // Y = X ⊙ (1 − M) + value·M with the mask M data: dX = dY ⊙ (1 − M).
    read: (x, node, input, cx) => {
      const value = fillOf(node.attrs);
      // −∞·0 has no value: the blend is only the selection for a finite fill.
      if (!Number.isFinite(value)) return cx.unsupported(`masked_fill with the fill ${value} (as a blend X ⊙ (1 − M) + value·M it would be ∞·0)`);
      const mask = cx.mask(1, 'where masked_fill writes the value');
      const M = cx.inputNode(1).shape.length === 1 && cx.inputNode(0).shape.length === 2 ? x.transpose(mask) : mask;
      const kept = x.mul(input(0), x.sub(x.num(1), M));
      return value === 0 ? kept : x.add(kept, x.mul(x.num(value), M));
    },
  },
  kinks: null,
  spellings: {
    python: [{ names: ['torch.masked_fill'], params: 'x, mask, value=' }],
    methods: [{ names: ['masked_fill'], params: 'x, mask, value=' }],
  },
});
