import { eye } from '../../../../src/core/ops/creation/eye';
import { checkLeafModule } from '../module-agreement';

checkLeafModule(eye, {
  python: ['L = numpy.eye(3)', 'L = numpy.identity(3)', 'L = torch.eye(3)', 'L = tensorflow.eye(3)'],
  loss: 'E = numpy.sum((numpy.eye(3) @ X) * X)',
});
