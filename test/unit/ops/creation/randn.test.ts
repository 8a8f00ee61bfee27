import { randn } from '../../../../src/core/ops/creation/randn';
import { checkLeafModule } from '../module-agreement';

checkLeafModule(randn, {
  python: [
    'L = numpy.random.randn(3, 4)',
    'L = torch.randn(3, 4)',
    'L = numpy.random.standard_normal((3, 4))',
    'L = numpy.random.normal(0, 1, (3, 4))',
    'L = tensorflow.random.normal((3, 4))',
    'L = tensorflow.random_normal((3, 4))',
    'L = tensorflow.truncated_normal((3, 4))',
    'L = tensorflow.random.truncated_normal((3, 4))',
  ],
  loss: 'L = numpy.random.randn(3, 4)\nE = numpy.sum(L * X)',
});
