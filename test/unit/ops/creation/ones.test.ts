import { ones } from '../../../../src/core/ops/creation/ones';
import { checkLeafModule } from '../module-agreement';

checkLeafModule(ones, {
  python: ['L = numpy.ones((3, 4))', 'L = tensorflow.ones((3, 4))', 'L = torch.ones(3, 4)'],
  loss: 'E = numpy.sum(numpy.ones((3, 4)) * X * X)',
});
