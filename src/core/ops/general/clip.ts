import type { GradSaveFunc, Tensor } from '@tensorflow/tfjs-core';
import { expr, pointwise } from '../../jacobian/rules/types';
import { mapUnary } from '../../numeric/f64/broadcast';
import { sidesHash } from '../../numeric/f64/sides';
import { asFloat } from '../../numeric/tfjs/dtype';
import { floatSameShape } from '../../shapes/rules/elementwise';
import { type OpModule, opModule } from '../op';

/** The bounds a call gives; an absent one (None) bounds nothing. */
function bounds(attrs: Readonly<Record<string, unknown>>): [number, number] {
  return [typeof attrs.min === 'number' ? attrs.min : -Infinity, typeof attrs.max === 'number' ? attrs.max : Infinity];
}

/** The largest finite float32: TensorFlow.js clips to finite bounds only. */
const F32_MAX = 3.4028234663852886e38;

export const clip: OpModule<'clip'> = opModule('clip', {
  doc: 'clip(x, min, max) — x held within [min, max] elementwise (a bound may be None)',
  signature: { params: ['x', 'min', 'max'], tensors: 1, shape: floatSameShape, defaults: { min: null, max: null } },
  f64: ([x], ctx) => {
    const [lo, hi] = bounds(ctx.node.attrs);
    return mapUnary(x, (v) => (v < lo ? lo : v > hi ? hi : v));
  },
  tfjs: ([input], ctx) => {
    const { tf } = ctx;
    const [lo, hi] = bounds(ctx.node.attrs);
    const clipped = tf.customGrad((t, save) => {
      (save as GradSaveFunc)([t as Tensor]);
      return {
        value: tf.clipByValue(t as Tensor, Math.max(lo, -F32_MAX), Math.min(hi, F32_MAX)),
        // Inside the bounds (ends included, as PyTorch's clamp) the gradient passes; outside it is 0.
        gradFunc: (dy, [x]) => tf.mul(dy, tf.cast(tf.logicalAnd(tf.greaterEqual(x, lo), tf.lessEqual(x, hi)), 'float32')),
      };
    });
    return clipped(asFloat(tf, input)) as Tensor;
  },
  jacobian: {
    wrt: (ctx) => {
      const [lo, hi] = bounds(ctx.node.attrs);
      const x = `{n:${ctx.node.inputs[0]}}`;
      const text = [Number.isFinite(lo) ? `${lo} ≤ ` : '', x, Number.isFinite(hi) ? ` ≤ ${hi}` : ''].join('');
      const latex = [Number.isFinite(lo) ? `${lo} \\le ` : '', x, Number.isFinite(hi) ? ` \\le ${hi}` : ''].join('');
      return pointwise(ctx, 0, [expr(ctx.node.inputs[0], `clip′(${lo},${hi})`, `1[${text}]`, `\\mathbb{1}[${latex}]`)]);
    },
  },
  symbolic: { unsupported: 'clip has no matrix-calculus rule here (its derivative is the mask 1[min ≤ X ≤ max]); Check Gradients differentiates it numerically' },
  kinks: ([x], _out, ctx) => sidesHash(x, bounds(ctx.node.attrs).filter(Number.isFinite)),
  spellings: {
    python: [
      { names: ['numpy.clip'], params: 'x, a_min=min, a_max=max, min=, max=' },
      { names: ['torch.clamp', 'torch.clip'], params: 'x, min=, max=' },
      { names: ['tensorflow.clip_by_value'], params: 'x, clip_value_min=min, clip_value_max=max' },
    ],
    methods: [
      { names: ['clip'], params: 'x, a_min=min, a_max=max, min=, max=' },
      { names: ['clamp', 'clamp_min'], params: 'x, min=, max=' },
    ],
  },
});
