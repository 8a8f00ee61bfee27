import type { GradSaveFunc, Tensor } from '@tensorflow/tfjs-core';
import { keptDeltas, readReduction } from '../reduce/reduction';
import { expr } from '../../jacobian/rules/types';
import { tensor, term } from '../../jacobian/term';
import { reduction, reductionAxes } from '../../numeric/f64/reduce';
import { sizeOf } from '../../numeric/tensor';
import { asFloat, asType, tfDtype } from '../../numeric/tfjs/dtype';
import type { Tf } from '../../numeric/tfjs/tf';
import { reduce } from '../../shapes/rules/reduce';
import { type OpModule, opModule } from '../op';

/**
 * For each entry, the product of the other entries of its group (the entries that share its
 * kept axes): each group laid out as a row, copied once per entry with that entry set to 1.
 */
function othersProduct(tf: Tf, x: Tensor, axes: readonly number[]): Tensor {
  const kept = [...Array(x.rank).keys()].filter((a) => !axes.includes(a));
  const perm = [...kept, ...axes];
  const laid = tf.transpose(x, perm);
  const n = axes.reduce((p, a) => p * x.shape[a], 1);
  const rows = tf.reshape(laid, [-1, 1, n]);
  const eye = tf.eye(n);
  const others = tf.prod(tf.add(tf.mul(rows, tf.sub(1, eye)), eye), 2);
  const inverse = perm.map((_, a) => perm.indexOf(a));
  return tf.transpose(tf.reshape(others, laid.shape), inverse);
}

/**
 * The product of the entries along the given axes. Its derivative with respect to one entry
 * is the product of the others, not P / x, which a zero entry makes 0/0.
 */
export const prod: OpModule<'prod'> = opModule('prod', {
  doc: 'prod(x, axis=None, keepdims=False) — the product of the entries along the axes (all when None)',
  signature: { params: ['x', 'axis', 'keepdims'], tensors: 1, shape: reduce, defaults: { axis: null, keepdims: false } },
  f64: ([x], ctx) => {
    const r = reduction(x.shape, ctx.node.attrs.axis, ctx.node.attrs.keepdims);
    const data = new Float64Array(sizeOf(r.outShape)).fill(1);
    for (let i = 0; i < x.data.length; i++) data[r.map[i]] *= x.data[i];
    return { shape: r.outShape, data };
  },
  tfjs: ([x], ctx) => {
    const { tf } = ctx;
    const axes = reductionAxes(ctx.node.attrs.axis, x.rank);
    const keepdims = ctx.node.attrs.keepdims === true;
    const product = tf.customGrad((t, save) => {
      const input = t as Tensor;
      (save as GradSaveFunc)([input]);
      return {
        value: tf.prod(input, axes, keepdims),
        gradFunc: (dy, [saved]) => tf.mul(tf.reshape(dy as Tensor, saved.shape.map((d, a) => (axes.includes(a) ? 1 : d))), othersProduct(tf, saved, axes)),
      };
    });
    return asType(tf, product(asFloat(tf, x)) as Tensor, tfDtype(ctx.node.dtype));
  },
  jacobian: {
    // ∂P/∂xᵢ = Π_{j≠i} xⱼ within xᵢ's group: a row of the others' products per output entry.
    wrt: (ctx) => {
      const x = ctx.node.inputs[0];
      const others = expr(x, 'prod′', `Π_{j≠i} {n:${x}}ⱼ`, `\\prod_{j \\ne i} {n:${x}}_j`);
      return [term([...keptDeltas(ctx), ...tensor(others, [...ctx.in[0]])])];
    },
  },
  // prod(X) with G_X = (G ⊙ prod(X)) ⊘ X, stated for X without zero entries.
  symbolic: readReduction('prod'),
  kinks: null,
  spellings: {
    python: [
      { names: ['numpy.prod', 'numpy.product'], params: 'x, axis=, -dtype, -out, keepdims=' },
      { names: ['torch.prod'], params: 'x, axis=, keepdims=, -dtype' },
      { names: ['tensorflow.reduce_prod', 'tensorflow.math.reduce_prod'], params: 'x, axis=, keepdims=' },
    ],
    methods: [{ names: ['prod'], params: 'x, axis=, keepdims=' }],
  },
});
