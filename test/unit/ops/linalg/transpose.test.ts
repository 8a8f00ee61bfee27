import { transpose } from '../../../../src/core/ops/linalg/transpose';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(transpose, {
  cases: [
    { name: 'a matrix', inputs: [I(3, 4)] },
    { name: 'a permutation of three axes', inputs: [I(2, 3, 4)], attrs: { perm: [1, 2, 0] } },
  ],
  python: ['y = numpy.transpose(X)', 'y = tensorflow.transpose(X, perm=[1, 0])', 'y = torch.t(X)', 'y = X.t()', 'y = X.T', 'y = torch.transpose(X, 0, 1)', 'y = X.permute(1, 0)'],
});
