import { sum } from '../../../../src/core/ops/reduce/sum';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(sum, {
  cases: [
    { name: 'over the rows', inputs: [I(3, 4)], attrs: { axis: 0 } },
    { name: 'over everything', inputs: [I(3, 4)] },
    { name: 'along the rows, kept', inputs: [I(3, 4)], attrs: { axis: 1, keepdims: true } },
    { name: 'two axes of three', inputs: [I(2, 3, 4)], attrs: { axis: [0, 2] } },
  ],
  python: ['y = numpy.sum(X, axis=0)', 'y = torch.sum(X)', 'y = tensorflow.reduce_sum(X, axis=1)', 'y = tensorflow.math.reduce_sum(X)', 'y = X.sum(axis=1, keepdims=True)'],
});
