import { logdet } from '../../../../src/core/ops/linalg/logdet';
import { checkOpModule } from '../module-agreement';

checkOpModule(logdet, {
  cases: [{ name: 'a symmetric positive definite matrix', inputs: [{ shape: [3, 3], gen: 'spd' }] }],
  python: ['y = torch.logdet(X @ X.T)', 'y = tensorflow.linalg.logdet(X @ X.T)'],
});
