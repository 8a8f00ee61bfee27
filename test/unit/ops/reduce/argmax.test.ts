import { argmax } from '../../../../src/core/ops/reduce/argmax';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(argmax, {
  cases: [
    { name: 'along the rows', inputs: [I(3, 4)], attrs: { axis: 1 }, noGrad: true },
    { name: 'in the flattened tensor', inputs: [I(3, 4)], noGrad: true },
  ],
  python: ['y = numpy.argmax(X, axis=1)', 'y = torch.argmax(X)', 'y = tensorflow.argmax(X, axis=1)', 'y = tensorflow.math.argmax(X, axis=0)', 'y = X.argmax(axis=1)'],
});
