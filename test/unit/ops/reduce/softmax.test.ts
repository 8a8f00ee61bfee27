import { softmax } from '../../../../src/core/ops/reduce/softmax';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(softmax, {
  cases: [
    { name: 'along the rows', inputs: [I(3, 4)], attrs: { axis: -1 } },
    { name: 'down the columns', inputs: [I(3, 4)], attrs: { axis: 0 }, refuses: 'a softmax over columns' },
    { name: 'the middle axis of three', inputs: [I(2, 3, 4)], attrs: { axis: 1 } },
  ],
  python: [
    'y = torch.softmax(X, axis=1)',
    'y = torch.nn.functional.softmax(X, axis=-1)',
    'y = tensorflow.nn.softmax(X)',
    'y = tensorflow.math.softmax(X)',
    'import scipy.special\ny = scipy.special.softmax(X, axis=1)',
    'y = X.softmax(axis=1)',
  ],
});
