import { arange } from '../../../../src/core/ops/creation/arange';
import { checkLeafModule } from '../module-agreement';

checkLeafModule(arange, {
  // Every spelling is rewritten by the Python front end (range(n) and arange(a, b, s) order their arguments differently).
  python: ['L = numpy.arange(4)', 'L = torch.arange(1, 5)', 'L = tensorflow.range(4)'],
  loss: 'E = numpy.sum(numpy.arange(4) * X)',
});
