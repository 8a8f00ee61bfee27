import { full } from '../../../../src/core/ops/creation/full';
import { checkLeafModule } from '../module-agreement';

checkLeafModule(full, {
  python: ['L = numpy.full((3, 4), 0.5)', 'L = torch.full((3, 4), 0.5)', 'L = tensorflow.fill((3, 4), 0.5)'],
  loss: 'E = numpy.sum(numpy.full((3, 4), 0.5) * X * X)',
});
