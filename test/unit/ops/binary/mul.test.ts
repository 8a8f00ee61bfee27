import { mul } from '../../../../src/core/ops/binary/mul';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(mul, {
  cases: [
    { name: 'same shapes', inputs: [I(3, 4), I(3, 4)] },
    { name: 'a matrix scaled by a row', inputs: [I(3, 4), I(4)] },
  ],
  python: [
    'y = numpy.multiply(X, X)',
    'y = torch.mul(X, X)',
    'y = torch.multiply(X, 0.5)',
    'y = tensorflow.multiply(X, X)',
    'y = tensorflow.math.multiply(X, X)',
    'y = X.mul(X)',
    'y = X * X',
  ],
});
