import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';

const ATTENTION = `import torch
from torch import Tensor
from jaxtyping import Float

def attn(x: Float[Tensor, "B T C"], n_head: int = 4):
    B, T, C = x.shape
    q = x.view(B, T, n_head, C // n_head).transpose(1, 2)
    y = torch.cat([x, x], dim=-1)
    z = y[:, 1:, ::2]
    return q
`;

const shapeOf = (layers: { name: string; shape: unknown }[], name: string) => layers.find((l) => l.name === name)?.shape;

describe('trace: sizes computed from symbols', () => {
  it('keeps C // n_head and 2·C through view, transpose, cat and slicing', async () => {
    const a = await analyze(ATTENTION, { language: 'python' });
    assert.deepEqual(shapeOf(a.layers, 'q'), ['B', 4, 'T', 'C//4']);
    assert.deepEqual(shapeOf(a.layers, 'y'), ['B', 'T', '2*C']);
    assert.deepEqual(shapeOf(a.layers, 'z'), ['B', 'T-1', 'C']);
  });

  it('warns that the view holds only if 4 divides C, on the view’s line', async () => {
    const a = await analyze(ATTENTION, { language: 'python' });
    const conditions = a.problems.filter((p) => p.code === 'shape-condition');
    assert.equal(conditions.length, 1, JSON.stringify(a.problems.map((p) => p.message)));
    assert.equal(conditions[0].severity, 'warning');
    assert.match(conditions[0].message, /holds only if C = 4·k for a whole k/);
    assert.equal(a.lines.lineOf(conditions[0].span.start), 7);
    assert.ok(!a.problems.some((p) => p.severity === 'error'));
  });

  it('no condition once C is known to be a multiple, and an error when it is known not to be', async () => {
    const fits = await analyze(ATTENTION, { language: 'python', dims: { C: 64 } });
    assert.deepEqual(shapeOf(fits.layers, 'q'), ['B', 4, 'T', 'C//4']);
    assert.ok(!fits.problems.some((p) => p.code === 'shape-condition'));
    const odd = await analyze(ATTENTION, { language: 'python', dims: { C: 30 } });
    assert.ok(odd.problems.some((p) => p.code === 'reshape-size' && p.severity === 'error'), JSON.stringify(odd.problems.map((p) => p.message)));
  });

  it('a conv stack on a symbolic image keeps the output-size formula', async () => {
    const text = `import torch
import torch.nn as nn
x = torch.randn(N, 3, H, W)
conv = nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1)
h = conv(x)
p = nn.functional.max_pool2d(h, 2)
`;
    const a = await analyze(text, { language: 'python' });
    assert.deepEqual(shapeOf(a.layers, 'h'), ['N', 8, '(H+1)//2', '(W+1)//2']);
    assert.deepEqual(shapeOf(a.layers, 'p'), ['N', 8, '(H+1)//4', '(W+1)//4']);
  });

  it('assert x.shape == (N, D) checks a known shape', async () => {
    const a = await analyze('import numpy as np\nx = np.zeros((3, 4))\nassert x.shape == (3, 5)\n', { language: 'python' });
    assert.ok(a.problems.some((p) => p.code === 'shape-mismatch' && /declared \(3, 5\) but is \(3, 4\)/.test(p.message)));
  });
});
