import { zeros } from '../../../../src/core/ops/creation/zeros';
import { checkLeafModule } from '../module-agreement';

checkLeafModule(zeros, {
  python: ['L = numpy.zeros((3, 4))', 'L = tensorflow.zeros((3, 4))', 'L = torch.zeros(3, 4)'],
  loss: 'E = numpy.sum((X + numpy.zeros((3, 4))) * X)',
});
