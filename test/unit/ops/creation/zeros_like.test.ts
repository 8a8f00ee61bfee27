import { zeros_like } from '../../../../src/core/ops/creation/zeros_like';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

// Its value does not depend on x: no gradient to compare, and nothing to derive with respect to x.
checkOpModule(zeros_like, {
  cases: [{ name: 'a matrix', inputs: [I(3, 4)], noGrad: true, refuses: 'does not depend' }],
  python: ['y = numpy.zeros_like(X)', 'y = torch.zeros_like(X)', 'y = tensorflow.zeros_like(X)'],
});
