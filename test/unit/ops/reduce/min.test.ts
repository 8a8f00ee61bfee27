import { min } from '../../../../src/core/ops/reduce/min';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(min, {
  cases: [
    { name: 'over the columns', inputs: [I(3, 4)], attrs: { axis: 0 } },
    { name: 'over everything', inputs: [I(3, 4)] },
  ],
  python: ['y = numpy.min(X, axis=0)', 'y = numpy.amin(X)', 'y = tensorflow.reduce_min(X, axis=1)', 'y = tensorflow.math.reduce_min(X)', 'y = X.min(axis=0)'],
});
