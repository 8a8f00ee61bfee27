import { diag } from '../../../../src/core/ops/linalg/diag';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(diag, {
  cases: [
    { name: 'a vector to a diagonal matrix', inputs: [I(3)] },
    { name: 'a square matrix to its diagonal', inputs: [I(3, 3)] },
  ],
  python: ['y = numpy.diag(X)', 'y = numpy.diagonal(X)', 'y = torch.diag(X)', 'y = tensorflow.linalg.diag(X[0])', 'y = tensorflow.diag(X[0])', 'y = tensorflow.linalg.diag_part(X)'],
});
