import { minimum } from '../../../../src/core/ops/binary/minimum';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(minimum, {
  cases: [
    { name: 'two matrices', inputs: [I(3, 4), I(3, 4)] },
    { name: 'against a row', inputs: [I(3, 4), I(4)] },
  ],
  python: ['y = numpy.minimum(X, 0)', 'y = torch.minimum(X, X)', 'y = tensorflow.minimum(X, 1.0)', 'y = tensorflow.math.minimum(X, X)', 'y = min(X, 1)'],
});
