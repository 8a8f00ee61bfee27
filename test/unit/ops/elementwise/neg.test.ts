import { neg } from '../../../../src/core/ops/elementwise/neg';
import { I, ints } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(neg, {
  cases: [
    { name: 'a matrix', inputs: [I(3, 4)] },
    { name: 'integers stay integers', inputs: [ints(5, 6)], noGrad: true },
  ],
  python: ['y = numpy.negative(X)', 'y = torch.neg(X)', 'y = torch.negative(X)', 'y = tensorflow.negative(X)', 'y = tensorflow.math.negative(X)', 'y = X.neg()'],
});
