import { det } from '../../../../src/core/ops/linalg/det';
import { checkOpModule } from '../module-agreement';

checkOpModule(det, {
  cases: [{ name: 'a well-conditioned matrix', inputs: [{ shape: [3, 3], gen: 'wellcond' }] }],
  python: ['y = numpy.linalg.det(X @ X.T)', 'y = torch.det(X @ X.T)', 'y = torch.linalg.det(X @ X.T)', 'y = tensorflow.linalg.det(X @ X.T)', 'y = tensorflow.matrix_determinant(X @ X.T)'],
});
