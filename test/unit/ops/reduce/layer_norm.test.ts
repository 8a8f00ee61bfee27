import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { deriveFromGraph } from '../../../../src/core/grad/from-graph';
import { layer_norm } from '../../../../src/core/ops/reduce/layer_norm';
import { TestGraph } from '../../numeric/graph';
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

describe('layer_norm: its shapes and its derivation', () => {
  it('says when normalized_shape is not the trailing sizes', async () => {
    const a = await analyze('import torch\nimport torch.nn.functional as F\nX = torch.randn(8, 4)\ny = F.layer_norm(X, (5,))\n', { language: 'python' });
    const messages = a.problems.filter((p) => p.severity === 'error').map((p) => p.message);
    assert.ok(messages.some((m) => /layer_norm of \(8, 4\): normalized_shape \(5\) is not its trailing sizes/.test(m)), messages.join('; '));
  });

  it('derives dX row by row as (G − mean(G) − X̂ ⊙ mean(G ⊙ X̂)) ⊘ σ, verified numerically', () => {
    const t = new TestGraph();
    t.op('layer_norm', [t.input('X', [3, 4]), t.const(1), t.const(0)], { normalized: [4] }, 'F');
    t.op('sum', [t.op('mul', [t.graph.names.get('F') as number, t.input('G', [3, 4])])], {}, 'E');
    const r = deriveFromGraph(t.graph, 'E', 'X');
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.gradient.text, '(G − G·1 / 4 − Diag(((G ⊙ standardize(X))·1) / 4)·standardize(X)) ⊘ sqrt(((X − X·1 / 4)^⊙2·1) / 4 + 0.00001)');
  });
});
