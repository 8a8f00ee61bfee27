import { reshape } from '../../../../src/core/ops/shape/reshape';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(reshape, {
  cases: [
    { name: 'rows regrouped, one size inferred', inputs: [I(3, 4)], attrs: { shape: [2, -1] }, refuses: 'changing the shape of a value' },
    { name: 'a vector to a column', inputs: [I(6)], attrs: { shape: [6, 1] } },
  ],
  python: ['y = numpy.reshape(X, (4, 3))', 'y = torch.reshape(X, (2, 6))', 'y = tensorflow.reshape(X, [12])', 'y = X.reshape(4, 3)', 'y = X.view(-1)'],
});
