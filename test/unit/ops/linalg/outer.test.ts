import { outer } from '../../../../src/core/ops/linalg/outer';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(outer, {
  cases: [{ name: 'two vectors', inputs: [I(3), I(4)] }],
  python: ['y = numpy.outer(X[0], X[1])', 'y = torch.outer(X[0], X[1])', 'y = torch.ger(X[0], X[1])'],
});
