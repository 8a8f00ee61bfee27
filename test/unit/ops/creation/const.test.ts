import { constant } from '../../../../src/core/ops/creation/const';
import { checkLeafModule } from '../module-agreement';

checkLeafModule(constant, {
  python: ['L = X * 2.5'],
  loss: 'E = numpy.sum(X * X) * 2.5',
});
