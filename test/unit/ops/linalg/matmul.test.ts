import { matmul } from '../../../../src/core/ops/linalg/matmul';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(matmul, {
  cases: [
    { name: 'two matrices', inputs: [I(3, 5), I(5, 4)] },
    { name: 'a vector times a matrix', inputs: [I(5), I(5, 4)] },
    { name: 'a matrix times a vector', inputs: [I(3, 5), I(5)] },
    { name: 'a batch against a broadcast batch', inputs: [I(2, 3, 4), I(1, 4, 2)] },
  ],
  python: [
    'y = numpy.dot(X, X.T)',
    'y = numpy.matmul(X, X.T)',
    'y = torch.matmul(X, X.T)',
    'y = torch.mm(X, X.T)',
    'y = torch.bmm(X, X.T)',
    'y = tensorflow.linalg.matmul(X, X.T)',
    'y = X.dot(X.T)',
    'y = X.matmul(X.T)',
    'y = X.mm(X.T)',
    'y = X @ X.T',
  ],
});
