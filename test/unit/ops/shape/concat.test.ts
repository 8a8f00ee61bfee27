import { concat } from '../../../../src/core/ops/shape/concat';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(concat, {
  cases: [
    { name: 'side by side', inputs: [I(3, 2), I(3, 4)], attrs: { axis: 1 } },
    { name: 'stacked rows, three pieces', inputs: [I(1, 4), I(2, 4), I(3, 4)], attrs: { axis: 0 } },
  ],
  python: [
    'y = numpy.concatenate([X, X], axis=0)',
    'y = torch.cat([X, X], 1)',
    'y = torch.concat((X, X))',
    'y = tensorflow.concat([X, X], 1)',
    'y = numpy.vstack([X, X])',
    'y = torch.vstack([X, X])',
    'y = numpy.hstack([X, X])',
    'y = torch.hstack([X, X])',
  ],
});
