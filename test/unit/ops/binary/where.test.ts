import { where } from '../../../../src/core/ops/binary/where';
import { I, mask } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(where, {
  cases: [
    { name: 'a mask choosing between a matrix and a row', inputs: [mask(3, 4), I(3, 4), I(4)] },
    { name: 'a row mask', inputs: [mask(4), I(3, 4), I(3, 4)] },
  ],
  python: ['y = numpy.where(X > 0, X, 0)', 'y = torch.where(X > 0, X, X)', 'y = tensorflow.where(X > 0, X, X)'],
});
