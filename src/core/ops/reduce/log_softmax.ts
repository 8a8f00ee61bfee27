import { expr } from '../../jacobian/rules/types';
import { tensor, term } from '../../jacobian/term';
import { logSoftmax as f64LogSoftmax } from '../../numeric/f64/softmax';
import { logSoftmax as tfLogSoftmax } from '../../numeric/tfjs/softmax';
import { type OpModule, opModule } from '../op';
import { alongInput, readRows, rowwiseAxis, rowwiseDeltas, rowwiseSignature } from './rowwise';

export const log_softmax: OpModule<'log_softmax'> = opModule('log_softmax', {
  doc: 'log_softmax(x, axis? = -1) — x − logsumexp(x) along an axis',
  signature: rowwiseSignature,
  f64: ([x], ctx) => f64LogSoftmax(x, ctx.node.attrs.axis),
  // tf.logSoftmax has its own gradient in tfjs-core.
  tfjs: ([x], ctx) => tfLogSoftmax(ctx.tf, x, ctx.node.attrs.axis),
  jacobian: {
    wrt: (ctx) => {
      const a = rowwiseAxis(ctx);
      if (ctx.shapes[0][a] === 1) return [];
      const { all, others } = rowwiseDeltas(ctx, a);
      const x = ctx.node.inputs[0];
      const s = expr(ctx.node.id, 'softmax', `softmax({n:${x}})`, `\\operatorname{softmax}({n:${x}})`, 's');
      // ∂ log softmax = I − 1sᵀ per slice.
      return [term(all), term([...others, ...tensor(s, alongInput(ctx, a))], -1)];
    },
  },
  symbolic: readRows((x, s) => x.fn('log', s)),
  kinks: null,
  spellings: {
    python: [{ names: ['torch.log_softmax', 'torch.nn.functional.log_softmax', 'tensorflow.nn.log_softmax'], params: 'x, axis=' }],
    methods: [{ names: ['log_softmax'], params: 'x, axis=' }],
    math: [{ names: ['log_softmax'], attrs: { axis: -1 } }],
  },
});
