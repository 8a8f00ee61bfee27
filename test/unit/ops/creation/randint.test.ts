import { randint } from '../../../../src/core/ops/creation/randint';
import { checkLeafModule } from '../module-agreement';

checkLeafModule(randint, {
  python: ['L = numpy.random.randint(0, 4, (3,))', 'L = torch.randint(0, 4, (3,))'],
  // Taken as the variable, integer labels are an input like any other.
  loss: 'L = numpy.random.randint(0, 4, (3, 4))\nE = numpy.sum(L * X)',
});
