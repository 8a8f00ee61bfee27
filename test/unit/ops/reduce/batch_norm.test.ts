import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { jacobianOf } from '../../../../src/core/jacobian/index';
import { batch_norm } from '../../../../src/core/ops/reduce/batch_norm';
import { TestGraph } from '../../numeric/graph';
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

describe('batch_norm: what it reads, and what it refuses', () => {
  it('refuses F.batch_norm without training=True: the running statistics make another function', async () => {
    const a = await analyze('import torch\nimport torch.nn.functional as F\nX = torch.randn(8, 4)\nm = torch.zeros(4)\nv = torch.ones(4)\ny = F.batch_norm(X, m, v)\n', { language: 'python' });
    assert.ok(a.problems.some((p) => p.code === 'unsupported-op' && /batch_norm without training=True/.test(p.message)), a.problems.map((p) => p.message).join('; '));
    assert.ok(!a.graph.nodes.some((n) => n.op === 'batch_norm'));
  });

  it('says when a weight does not hold one value per channel', async () => {
    const a = await analyze('import torch\nimport torch.nn.functional as F\nX = torch.randn(8, 4)\nw = torch.randn(5)\ny = F.batch_norm(X, None, None, w, training=True)\n', { language: 'python' });
    const messages = a.problems.filter((p) => p.severity === 'error').map((p) => p.message);
    assert.ok(messages.some((m) => /batch_norm of \(8, 4\): its weight has shape \(5,\), where \(4,\) is needed/.test(m)), messages.join('; '));
  });

  it('ties weight and bias to their channel: per column, x̂ for the weight and ones for the bias', () => {
    const t = new TestGraph();
    t.op('batch_norm', [t.input('X', [4, 3]), t.input('w', [3]), t.input('b', [3])], { axis: 1 }, 'F');
    const bias = jacobianOf(t.graph, { wrt: 'b', of: 'F', vec: 'row-major' });
    // Row-major vec of F (4×3) against b (3): each row of F repeats I₃.
    assert.equal(bias.formula.text, '1_4 ⊗ I_3');
    const weight = jacobianOf(t.graph, { wrt: 'w', of: 'F', vec: 'row-major' });
    assert.equal(weight.pattern?.nonzeros.length, 12);
    assert.ok(weight.pattern?.nonzeros.every(([i, j]) => i % 3 === j), 'output (n, c) depends on w[c] only');
  });
});
