import { flatten } from '../../../../src/core/ops/shape/flatten';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(flatten, {
  cases: [{ name: 'a matrix from its first axis', inputs: [I(3, 4)], attrs: { start_dim: 0 } }],
  python: ['y = torch.flatten(X)', 'y = numpy.ravel(X)', 'y = X.flatten()', 'y = X.flatten(1)', 'y = X.ravel()'],
});
