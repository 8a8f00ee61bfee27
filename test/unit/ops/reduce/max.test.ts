import { max } from '../../../../src/core/ops/reduce/max';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(max, {
  cases: [
    { name: 'along the rows', inputs: [I(3, 4)], attrs: { axis: 1 } },
    { name: 'over everything', inputs: [I(3, 4)] },
  ],
  python: ['y = numpy.max(X, axis=0)', 'y = numpy.amax(X)', 'y = tensorflow.reduce_max(X, axis=1)', 'y = tensorflow.math.reduce_max(X)', 'y = X.max(axis=0)'],
});
