import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { checkGradients } from '../../../../src/core/check/index';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { dropout } from '../../../../src/core/ops/general/dropout';
import { I, type Input } from '../../numeric/kernel-agreement';
import { checkOpModule, derivedFromPython } from '../module-agreement';

/** A uniform-looking draw in (0, 1), held fixed. */
const draw = (...shape: number[]): Input => ({ shape, gen: { probs: shape[shape.length - 1] }, fixed: true });

checkOpModule(dropout, {
  cases: [
    { name: 'training, p = 0.2', inputs: [I(3, 4), draw(3, 4)], attrs: { p: 0.2 } },
    { name: 'evaluation hands x through', inputs: [I(2, 3), draw(2, 3)], attrs: { p: 0.5, training: false } },
  ],
  python: ['y = torch.nn.functional.dropout(X, p=0.1)', 'y = torch.dropout(X, 0.2, True)', 'y = tensorflow.nn.dropout(X, rate=0.3)'],
});

describe('dropout: its values', () => {
  it('zeroes the entries whose draw is below p and scales the rest by 1 / (1 − p)', () => {
    const x = { shape: [4], data: Float64Array.of(1, 2, 3, 4) };
    const u = { shape: [4], data: Float64Array.of(0.1, 0.6, 0.25, 0.9) };
    const out = F64_KERNELS.dropout([x, u], { node: { attrs: { p: 0.25, training: true } } } as never);
    assert.deepEqual([...out.data], [0, 2 / 0.75, 3 / 0.75, 4 / 0.75]);
  });
});

describe('dropout: the draw is a leaf of its own', () => {
  it('gives F.dropout a uniform draw of its input’s shape as a second input, and keeps training=False', async () => {
    const a = await analyze('import torch\nimport torch.nn.functional as F\n# h: (N, 64)\ny = F.dropout(h, p=0.5)\nz = F.dropout(h, 0.5, training=False)\n', { language: 'python' });
    const node = a.graph.nodes.find((n) => n.op === 'dropout');
    assert.ok(node, 'no dropout node');
    const sample = a.graph.nodes[node.inputs[1]];
    assert.deepEqual([sample.op, sample.leaf?.fill, sample.shape], ['rand', 'rand', ['N', 64]]);
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, ['N', 64]);
    assert.deepEqual(a.graph.nodes.filter((n) => n.op === 'dropout').map((n) => n.attrs.training), [true, false]);
    const b = await analyze('import torch.nn.functional as F\n# h: (N, 64)\ny = F.dropout(h, p=1.5)\n', { language: 'python' });
    assert.ok(b.problems.some((p) => p.severity === 'error' && /the rate p must be in \[0, 1\], got 1.5/.test(p.message)), b.problems.map((p) => p.message).join('; '));
  });

  it('a check through dropout is deterministic: the gradient through the kept entries is correct, every time', async () => {
    const source = (grad: string) => `import torch
import torch.nn.functional as F
x = torch.randn(6, 5)
W = torch.randn(5, 4)
h = F.dropout(x @ W, p=0.5)
loss = (h ** 2).sum()
dh = 2 * h
dW = ${grad}
`;
    // The mask is h's nonzero pattern (the draw is not named in the code); 2·h already carries the scale once.
    for (const seed of [3, 8]) {
      const right = await checkGradients(source('x.T @ (dh * (h ** 2 > 0) * 2.0)'), { language: 'python', seed });
      assert.equal(right.gradients.find((g) => g.name === 'dW')?.verdict, 'correct', right.gradients.map((g) => g.message).join('; '));
    }
    const wrong = await checkGradients(source('x.T @ dh'), { language: 'python', seed: 3 });
    assert.equal(wrong.gradients.find((g) => g.name === 'dW')?.verdict, 'wrong', wrong.gradients.map((g) => g.message).join('; '));
  });
});

describe('dropout: Derive Gradient', () => {
  const code = (line: string) => `import torch\nimport torch.nn.functional as F\nX = torch.randn(4, 3)\nW = torch.randn(3, 5)\n${line}\nE = (Y ** 2).sum()\n`;

  it('reads Y = (1 / (1 − p))·M ⊙ X with M the kept entries, so dX = (1 / (1 − p))·M ⊙ dY, and states that M is 0/1', async () => {
    const r = await derivedFromPython(code('Y = F.dropout(X @ W, p=0.2)'), 'W');
    // 2·1.25² = 3.125, and M ⊙ M = M for a mask.
    assert.deepEqual([r.gradient.text, r.gradient.latex], ['3.125·Xᵀ·(M ⊙ (X·W))', '3.125\\,X^{\\top} \\left(M \\odot \\left(X W\\right)\\right)']);
    assert.deepEqual(r.assumptions, ['M is a 0/1 mask']);
    assert.match(r.steps[r.steps.length - 1].text, /M marks the entries dropout keeps/);
  });

  it('says what M is even where nothing simplifies with it; in evaluation it hands X through', async () => {
    const r = await derivedFromPython(code('Y = F.dropout(X, p=0.5)'), 'X');
    assert.deepEqual([r.gradient.text, r.assumptions], ['8·(M ⊙ X)', ['M is a 0/1 mask']]);
    const evaluation = await derivedFromPython(code('Y = F.dropout(X, p=0.5, training=False)'), 'X');
    assert.deepEqual([evaluation.gradient.text, evaluation.assumptions], ['2·X', []]);
  });
});
