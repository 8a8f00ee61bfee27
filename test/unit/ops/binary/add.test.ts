import { add } from '../../../../src/core/ops/binary/add';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(add, {
  cases: [
    { name: 'a row broadcast down a matrix', inputs: [I(3, 4), I(4)] },
    { name: 'a column against a row', inputs: [I(3, 1), I(1, 4)] },
  ],
  python: [
    'y = numpy.add(X, X)',
    'y = torch.add(X, 1.0)',
    'y = tensorflow.add(X, X)',
    'y = tensorflow.math.add(X, X)',
    'y = tensorflow.nn.bias_add(X, X[0])',
    'y = X.add(X)',
    'y = X + X',
  ],
});
