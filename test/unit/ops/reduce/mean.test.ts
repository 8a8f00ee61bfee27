import { mean } from '../../../../src/core/ops/reduce/mean';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(mean, {
  cases: [
    { name: 'over the rows', inputs: [I(3, 4)], attrs: { axis: 0 } },
    { name: 'over everything', inputs: [I(3, 4)] },
    { name: 'two axes of three, kept', inputs: [I(2, 3, 4)], attrs: { axis: [0, 2], keepdims: true } },
  ],
  python: ['y = numpy.mean(X, axis=0)', 'y = torch.mean(X)', 'y = tensorflow.reduce_mean(X, axis=1)', 'y = tensorflow.math.reduce_mean(X)', 'y = X.mean(axis=1)'],
});
