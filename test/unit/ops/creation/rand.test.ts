import { rand } from '../../../../src/core/ops/creation/rand';
import { checkLeafModule } from '../module-agreement';

checkLeafModule(rand, {
  python: [
    'L = numpy.random.rand(3, 4)',
    'L = torch.rand(3, 4)',
    'L = numpy.random.random((3, 4))',
    'L = numpy.random.random_sample((3, 4))',
    'L = numpy.random.uniform(0, 1, (3, 4))',
    'L = tensorflow.random.uniform((3, 4))',
    'L = tensorflow.random_uniform((3, 4))',
  ],
  loss: 'L = numpy.random.rand(3, 4)\nE = numpy.sum(L * X)',
});
