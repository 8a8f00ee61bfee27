import { batch_norm } from '../../../../src/core/ops/reduce/batch_norm';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(batch_norm, {
  cases: [
    { name: 'each column of a batch', inputs: [I(4, 3), I(3), I(3)], attrs: { axis: 1 } },
    { name: 'channels first with a length', inputs: [I(2, 3, 4), I(3), I(3)], attrs: { axis: 1 } },
    { name: 'channels last in images', inputs: [I(2, 2, 2, 3), I(3), I(3)], attrs: { axis: -1, eps: 1e-3 } },
    { name: 'columns with numbers for weight and bias', inputs: [I(4, 3), I(), I()] },
  ],
  python: [
    'm = torch.zeros(4)\nv = torch.ones(4)\ny = torch.nn.functional.batch_norm(X, m, v, training=True)',
    'm = torch.zeros(4)\nv = torch.ones(4)\nw = torch.randn(4)\nb = torch.randn(4)\ny = torch.nn.functional.batch_norm(X, m, v, w, b, training=True, eps=1e-3)',
  ],
});
