import { softmax_cross_entropy } from '../../../../src/core/ops/loss/softmax_cross_entropy';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(softmax_cross_entropy, {
  cases: [
    { name: 'a batch of rows', inputs: [{ shape: [3, 4], gen: { probs: 4 } }, I(3, 4)] },
    { name: 'one row', inputs: [{ shape: [4], gen: { probs: 4 } }, I(4)] },
  ],
  python: [
    'y = tensorflow.nn.softmax_cross_entropy_with_logits(labels=tensorflow.nn.softmax(X), logits=X)',
    'y = tensorflow.nn.softmax_cross_entropy_with_logits_v2(labels=tensorflow.nn.softmax(X), logits=X)',
  ],
});
