import { ones_like } from '../../../../src/core/ops/creation/ones_like';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

// Its value does not depend on x: no gradient to compare, and nothing to derive with respect to x.
checkOpModule(ones_like, {
  cases: [{ name: 'a matrix', inputs: [I(3, 4)], noGrad: true, refuses: 'does not depend' }, { name: 'a vector', inputs: [I(5)], noGrad: true, refuses: 'does not depend' }],
  python: ['y = numpy.ones_like(X)', 'y = torch.ones_like(X)', 'y = tensorflow.ones_like(X)'],
});
