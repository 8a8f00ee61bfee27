import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { tile } from '../../../../src/core/ops/general/tile';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';
import { derivedGradient } from './derived';

checkOpModule(tile, {
  cases: [
    { name: 'a matrix, both axes', inputs: [I(2, 3)], attrs: { reps: [2, 3] } },
    { name: 'a vector as rows (reps longer than the shape)', inputs: [I(3)], attrs: { reps: [2, 2] } },
    { name: 'a 3-D tensor, reps shorter than the shape', inputs: [I(2, 2, 3)], attrs: { reps: [2] } },
  ],
  python: ['y = numpy.tile(X, (2, 1))', 'y = numpy.tile(X, 3)', 'y = torch.tile(X, (1, 2))', 'y = tensorflow.tile(X, [2, 2])', 'y = X.repeat(2, 1)', 'y = X.tile((1, 3))'],
});

describe('tile: its values', () => {
  it('lays a row out again along each axis', () => {
    const out = F64_KERNELS.tile([{ shape: [1, 2], data: Float64Array.of(1, 2) }], { shape: [2, 4], node: { attrs: { reps: [2, 2] } } } as never);
    assert.deepEqual([...out.data], [1, 2, 1, 2, 1, 2, 1, 2]);
  });
});

describe('tile: shapes', () => {
  it('multiplies each axis by its repetitions, symbolic ones included', async () => {
    const a = await analyze('import torch\n# x: (T, C)\n# B: int\ny = x.repeat(B, 1, 2)\n', { language: 'python' });
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, ['B', 'T', '2*C']);
  });
});

describe('tile: its derivation as printed', () => {
  it('reads as a product with stacked identities, in text, LaTeX and NumPy', () => {
    const gradient = derivedGradient('tile', [2, 3], { reps: [2, 3] });
    assert.equal(gradient.text, '(1 ⊗ I)ᵀ·W·(1 ⊗ I)');
    assert.equal(gradient.latex, '\\left(\\mathbf{1} \\otimes I\\right)^{\\top} W \\left(\\mathbf{1} \\otimes I\\right)');
    assert.match(gradient.numpy, /np\.kron\(/);
  });
});
