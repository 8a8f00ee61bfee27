import type { Tensor } from '@tensorflow/tfjs-core';
import { node, tensor, term } from '../../jacobian/term';
import { logSoftmax } from '../../numeric/f64/softmax';
import { asFloat } from '../../numeric/tfjs/dtype';
import { axesOf } from '../../numeric/tfjs/gradients/util';
import { onAxis } from '../../numeric/tfjs/softmax';
import { type OpModule, opModule } from '../op';
import { alongInput, readRows, rowwiseAxis, rowwiseDeltas, rowwiseSignature } from './rowwise';

export const softmax: OpModule<'softmax'> = opModule('softmax', {
  doc: 'softmax(x, axis? = -1) — exp(x) / Σ exp(x) along an axis; row-wise in math notation',
  signature: rowwiseSignature,
  f64: ([x], ctx) => {
    const l = logSoftmax(x, ctx.node.attrs.axis);
    for (let i = 0; i < l.data.length; i++) l.data[i] = Math.exp(l.data[i]);
    return l;
  },
  tfjs: ([x], ctx) => onAxis(ctx.tf, asFloat(ctx.tf, x), ctx.node.attrs.axis, (t) => ctx.tf.softmax(t)),
  tfjsGradients: [
    (tf) => ({
      kernelName: 'Softmax',
      outputsToSave: [true],
      gradFunc: (dy, saved, attrs) => {
        const y = saved[0];
        const dim = axesOf(attrs.dim, y.rank);
        const dyY = tf.mul(dy as Tensor, y);
        return { logits: () => tf.sub(dyY, tf.mul(tf.sum(dyY, dim, true), y)) };
      },
    }),
  ],
  jacobian: {
    wrt: (ctx) => {
      const a = rowwiseAxis(ctx);
      // A softmax over a single element is the constant 1: Diag(s) − ssᵀ = 1 − 1 = 0 exactly.
      if (ctx.shapes[0][a] === 1) return [];
      const s = ctx.node.id;
      const { all, others } = rowwiseDeltas(ctx, a);
      return [term([...all, ...tensor(node(s), [...ctx.out])]), term([...others, ...tensor(node(s), [...ctx.out]), ...tensor(node(s), alongInput(ctx, a))], -1)];
    },
  },
  symbolic: readRows((_x, s) => s),
  kinks: null,
  spellings: {
    python: [{ names: ['torch.softmax', 'torch.nn.functional.softmax', 'tensorflow.nn.softmax', 'tensorflow.math.softmax', 'scipy.special.softmax'], params: 'x, axis=' }],
    methods: [{ names: ['softmax'], params: 'x, axis=' }],
    // Notes apply softmax to each row of a batch: softmax(Z) is row-wise.
    math: [{ names: ['softmax'], latex: ['softmax'], attrs: { axis: -1 } }],
  },
});
