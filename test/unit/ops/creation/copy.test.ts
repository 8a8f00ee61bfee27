import { copy } from '../../../../src/core/ops/creation/copy';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(copy, {
  cases: [{ name: 'a matrix', inputs: [I(3, 4)] }, { name: 'a 3-dimensional tensor', inputs: [I(2, 3, 2)] }],
  python: ['y = numpy.copy(X)', 'y = torch.clone(X)', 'y = tensorflow.identity(X)', 'y = X.copy()', 'y = X.clone()', 'y = X.detach()'],
});
