import { log_softmax } from '../../../../src/core/ops/reduce/log_softmax';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(log_softmax, {
  cases: [
    { name: 'along the rows', inputs: [I(3, 4)], attrs: { axis: 1 } },
    { name: 'down the columns', inputs: [I(3, 4)], attrs: { axis: 0 }, refuses: 'a softmax over columns' },
  ],
  python: ['y = torch.log_softmax(X, axis=1)', 'y = torch.nn.functional.log_softmax(X, axis=1)', 'y = tensorflow.nn.log_softmax(X)', 'y = X.log_softmax(axis=1)'],
});
