import { term } from '../../jacobian/term';
import { reduceFloat } from '../../shapes/rules/reduce';
import { type OpModule, opModule } from '../op';
import { f64Reducer, keptDeltas, readReduction, reducedSizes, reductionSignature, spreadGradient, tfReducer } from './reduction';

export const mean: OpModule<'mean'> = opModule('mean', {
  doc: 'mean(x, axis?, keepdims?) — the mean over the axes given, or over all',
  signature: reductionSignature(reduceFloat),
  f64: f64Reducer(0, (a, v) => a + v, (a, n) => a / n),
  tfjs: tfReducer(({ tf }, x, axes, keep) => tf.mean(x, axes, keep), true),
  tfjsGradients: [spreadGradient('Mean')],
  // A row of 1/n over the reduced axes.
  jacobian: { wrt: (ctx) => [term(keptDeltas(ctx), 1, reducedSizes(ctx))] },
  symbolic: readReduction('mean'),
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.mean', 'torch.mean', 'tensorflow.reduce_mean', 'tensorflow.math.reduce_mean'], params: 'x, axis=, keepdims=' }],
    methods: [{ names: ['mean'], params: 'x, axis=, keepdims=' }],
    math: [{ names: ['mean'] }],
  },
});
