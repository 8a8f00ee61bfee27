import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { deriveFromGraph } from '../../../../src/core/grad/from-graph';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { repeat } from '../../../../src/core/ops/general/repeat';
import { I } from '../../numeric/kernel-agreement';
import { TestGraph } from '../../numeric/graph';
import { checkOpModule } from '../module-agreement';
import { derivedGradient } from './derived';

checkOpModule(repeat, {
  cases: [
    { name: 'rows of a matrix', inputs: [I(2, 3)], attrs: { repeats: 2, axis: 0 } },
    { name: 'columns of a matrix, negative axis', inputs: [I(2, 3)], attrs: { repeats: 3, axis: -1 } },
    { name: 'a vector without an axis', inputs: [I(4)], attrs: { repeats: 2 } },
    { name: 'the middle axis of a 3-D tensor', inputs: [I(2, 2, 3)], attrs: { repeats: 2, axis: 1 } },
  ],
  python: ['y = numpy.repeat(X, 2, axis=0)', 'y = torch.repeat_interleave(X, 3, dim=1)', 'y = tensorflow.repeat(X, 2, axis=-1)', 'y = X.repeat_interleave(2, dim=0)', 'y = X.repeat(2, axis=0)'],
});

describe('repeat: its values', () => {
  it('repeats each entry in place, and flattens without an axis', () => {
    const x = { shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) };
    const rows = F64_KERNELS.repeat([x], { shape: [2, 4], node: { attrs: { repeats: 2, axis: 1 } } } as never);
    assert.deepEqual([...rows.data], [1, 1, 2, 2, 3, 3, 4, 4]);
    const flat = F64_KERNELS.repeat([x], { shape: [8], node: { attrs: { repeats: 2, axis: null } } } as never);
    assert.deepEqual([...flat.data], [1, 1, 2, 2, 3, 3, 4, 4]);
    const down = F64_KERNELS.repeat([x], { shape: [4, 2], node: { attrs: { repeats: 2, axis: 0 } } } as never);
    assert.deepEqual([...down.data], [1, 2, 1, 2, 3, 4, 3, 4]);
  });
});

describe('repeat: shapes', () => {
  it('multiplies the axis by a symbolic count, flattens without one, and says when the axis is out of range', async () => {
    const a = await analyze('import torch\n# kv: (B, H, T, D)\n# R: int\ny = kv.repeat_interleave(R, dim=1)\nz = torch.repeat_interleave(kv, 2)\nw = kv.repeat_interleave(2, dim=4)\n', { language: 'python' });
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, ['B', 'H*R', 'T', 'D']);
    assert.deepEqual(a.layers.find((l) => l.name === 'z')?.shape, ['2*B*D*H*T']);
    assert.ok(a.problems.some((p) => /axis 4 is out of range for 4 dimensions/.test(p.message)), a.problems.map((p) => p.message).join('; '));
  });
});

describe('repeat: Derive Gradient', () => {
  it('says why a matrix repeated without an axis has no matrix form', () => {
    const t = new TestGraph();
    const x = t.input('X', [2, 3]);
    t.op('sum', [t.op('repeat', [x], { repeats: 2 })], {}, 'E');
    const result = deriveFromGraph(t.graph, 'E', 'X');
    assert.ok(!result.ok && /flattens a matrix/.test(result.error), result.ok ? 'derived' : result.error);
  });
});

describe('repeat: its derivation as printed', () => {
  it('reads as a product with stacked identities, in text, LaTeX and NumPy', () => {
    const gradient = derivedGradient('repeat', [2, 3], { repeats: 2, axis: 1 });
    assert.equal(gradient.text, 'W·(I ⊗ 1)');
    assert.equal(gradient.latex, 'W \\left(I \\otimes \\mathbf{1}\\right)');
    assert.match(gradient.numpy, /np\.kron\(/);
  });
});
