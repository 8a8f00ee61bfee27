import { square } from '../../../../src/core/ops/elementwise/square';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(square, {
  cases: [
    { name: 'a matrix', inputs: [I(3, 4)] },
    { name: 'a 3-dimensional tensor', inputs: [I(2, 3, 2)] },
  ],
  python: ['y = numpy.square(X)', 'y = torch.square(X)', 'y = tensorflow.square(X)', 'y = tensorflow.math.square(X)', 'y = X.square()'],
});
