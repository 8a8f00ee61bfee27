import { div } from '../../../../src/core/ops/binary/div';
import { A, I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(div, {
  cases: [
    { name: 'by a column away from 0', inputs: [I(3, 4), A(3, 1)] },
    { name: 'a row by a matrix', inputs: [A(4), A(3, 4)] },
  ],
  python: [
    'y = numpy.divide(X, 2.0)',
    'y = numpy.true_divide(X, X)',
    'y = torch.div(X, X)',
    'y = torch.divide(X, 3)',
    'y = tensorflow.divide(X, X)',
    'y = tensorflow.math.divide(X, X)',
    'y = tensorflow.realdiv(X, X)',
    'y = X.div(X)',
    'y = X / 2',
  ],
});
