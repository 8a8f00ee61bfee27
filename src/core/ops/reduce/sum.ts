import { term } from '../../jacobian/term';
import { type OpModule, opModule } from '../op';
import { f64Reducer, keptDeltas, readReduction, reductionSignature, spreadGradient, tfReducer } from './reduction';

export const sum: OpModule<'sum'> = opModule('sum', {
  doc: 'sum(x, axis?, keepdims?) — the sum over the axes given, or over all',
  signature: reductionSignature(),
  f64: f64Reducer(0, (a, v) => a + v),
  tfjs: tfReducer(({ tf }, x, axes, keep) => tf.sum(x, axes, keep)),
  tfjsGradients: [spreadGradient('Sum')],
  // A row of ones over the reduced axes.
  jacobian: { wrt: (ctx) => [term(keptDeltas(ctx))] },
  symbolic: readReduction('sum'),
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.sum', 'torch.sum', 'tensorflow.reduce_sum', 'tensorflow.math.reduce_sum'], params: 'x, axis=, keepdims=' }],
    methods: [{ names: ['sum'], params: 'x, axis=, keepdims=' }],
    math: [{ names: ['sum'] }],
  },
});
