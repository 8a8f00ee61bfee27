import { cross_entropy } from '../../../../src/core/ops/loss/cross_entropy';
import { I, ints } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(cross_entropy, {
  cases: [
    { name: 'integer class targets', inputs: [I(3, 4), ints(4, 3)] },
    { name: 'probability targets', inputs: [I(3, 4), { shape: [3, 4], gen: { probs: 4 } }] },
  ],
  python: ['y = torch.nn.functional.cross_entropy(X, torch.randint(0, 4, (3,)))'],
});
