import { sub } from '../../../../src/core/ops/binary/sub';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(sub, {
  cases: [
    { name: 'same shapes', inputs: [I(3, 4), I(3, 4)] },
    { name: 'a matrix less a row', inputs: [I(3, 4), I(1, 4)] },
  ],
  python: [
    'y = numpy.subtract(X, X)',
    'y = torch.sub(X, X)',
    'y = torch.subtract(X, 2.0)',
    'y = tensorflow.subtract(X, X)',
    'y = tensorflow.math.subtract(X, X)',
    'y = X.sub(X)',
    'y = X - 1',
  ],
});
