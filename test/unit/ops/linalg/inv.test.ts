import { inv } from '../../../../src/core/ops/linalg/inv';
import { checkOpModule } from '../module-agreement';

checkOpModule(inv, {
  cases: [{ name: 'a well-conditioned matrix', inputs: [{ shape: [3, 3], gen: 'wellcond' }] }],
  python: ['y = numpy.linalg.inv(X @ X.T)', 'y = torch.inverse(X @ X.T)', 'y = torch.linalg.inv(X @ X.T)', 'y = tensorflow.linalg.inv(X @ X.T)', 'y = tensorflow.matrix_inverse(X @ X.T)'],
});
