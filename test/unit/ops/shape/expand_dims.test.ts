import { expand_dims } from '../../../../src/core/ops/shape/expand_dims';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(expand_dims, {
  cases: [
    { name: 'a vector to a column', inputs: [I(4)], attrs: { axis: 1 } },
    { name: 'a middle axis of a matrix', inputs: [I(3, 4)], attrs: { axis: -2 } },
  ],
  python: ['y = numpy.expand_dims(X, 0)', 'y = torch.unsqueeze(X, 1)', 'y = tensorflow.expand_dims(X, -1)', 'y = X.unsqueeze(0)'],
});
