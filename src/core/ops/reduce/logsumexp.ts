import { expr } from '../../jacobian/rules/types';
import { term } from '../../jacobian/term';
import { reduction } from '../../numeric/f64/reduce';
import type { F64Tensor } from '../../numeric/tensor';
import { sizeOf } from '../../numeric/tensor';
import type { KernelContext } from '../../numeric/f64/types';
import { reduceFloat } from '../../shapes/rules/reduce';
import { type OpModule, opModule } from '../op';
import { keptDeltas, onInput, readReduction, reductionSignature, tfReducer } from './reduction';

/** NaN wins, as in NumPy. */
const maxStep = (m: number, v: number) => (v > m || v !== v ? v : m);

/** log Σ exp with each slice's max taken out first, so that exp never overflows. */
function f64Logsumexp([x]: F64Tensor[], ctx: KernelContext): F64Tensor {
  const r = reduction(x.shape, ctx.node.attrs.axis, ctx.node.attrs.keepdims);
  const n = sizeOf(r.outShape);
  const m = new Float64Array(n).fill(-Infinity);
  for (let i = 0; i < x.data.length; i++) m[r.map[i]] = maxStep(m[r.map[i]], x.data[i]);
  const s = new Float64Array(n);
  for (let i = 0; i < x.data.length; i++) {
    const mi = m[r.map[i]];
    if (mi !== -Infinity) s[r.map[i]] += Math.exp(x.data[i] - mi);
  }
  for (let i = 0; i < n; i++) s[i] = m[i] === -Infinity || !Number.isFinite(m[i]) ? m[i] : m[i] + Math.log(s[i]);
  return { shape: r.outShape, data: s };
}

export const logsumexp: OpModule<'logsumexp'> = opModule('logsumexp', {
  doc: 'logsumexp(x, axis?, keepdims?) — log Σ exp over the axes given, or over all; row by row in math notation',
  signature: reductionSignature(reduceFloat),
  f64: f64Logsumexp,
  // tf.logSumExp is built from tfjs ops whose gradients are registered.
  tfjs: tfReducer(({ tf }, x, axes, keep) => tf.logSumExp(x, axes, keep), true),
  // The softmax of each reduced slice weighs its elements.
  jacobian: {
    wrt: (ctx) => {
      const x = ctx.node.inputs[0];
      return [term([...keptDeltas(ctx), ...onInput(ctx, expr(x, 'lse-softmax', `softmax({n:${x}})`, `\\operatorname{softmax}({n:${x}})`, 's'))])];
    },
  },
  symbolic: readReduction('logsumexp'),
  kinks: null,
  spellings: {
    python: [{ names: ['scipy.special.logsumexp', 'torch.logsumexp', 'tensorflow.reduce_logsumexp', 'tensorflow.math.reduce_logsumexp'], params: 'x, axis=, keepdims=' }],
    methods: [{ names: ['logsumexp'], params: 'x, axis=, keepdims=' }],
    math: [{ names: ['logsumexp'] }],
  },
});
