import { layer_norm } from '../../../../src/core/ops/reduce/layer_norm';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(layer_norm, {
  cases: [
    { name: 'each row of a matrix', inputs: [I(3, 4), I(4), I(4)], attrs: { normalized: [4] } },
    { name: 'a vector', inputs: [I(5), I(5), I(5)], attrs: { normalized: 5, eps: 1e-3 } },
    { name: 'all of a matrix', inputs: [I(3, 4), I(3, 4), I(3, 4)], attrs: { normalized: [3, 4] } },
    { name: 'the last two axes of three', inputs: [I(2, 3, 4), I(3, 4), I(3, 4)], attrs: { normalized: [3, 4] } },
    { name: 'rows with numbers for weight and bias', inputs: [I(3, 4), I(), I()], attrs: { normalized: [4] } },
  ],
  python: [
    'y = torch.nn.functional.layer_norm(X, (4,))',
    'w = torch.randn(4)\nb = torch.randn(4)\ny = torch.nn.functional.layer_norm(X, [4], w, b, eps=1e-3)',
    'b = torch.randn(4)\ny = torch.layer_norm(X, 4, bias=b)',
  ],
});
