import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { kron } from '../../../../src/core/ops/general/kron';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule, derivedFromPython } from '../module-agreement';

checkOpModule(kron, {
  cases: [
    { name: 'two matrices', inputs: [I(2, 3), I(3, 2)] },
    { name: 'two vectors', inputs: [I(3), I(2)] },
    { name: 'a vector and a matrix (padded to a row)', inputs: [I(3), I(2, 2)] },
    { name: 'a 3-D tensor and a matrix', inputs: [I(2, 1, 2), I(2, 3)] },
  ],
  python: ['y = numpy.kron(X, X)', 'y = torch.kron(X, X.T)', 'y = tensorflow.experimental.numpy.kron(X, X)'],
});

describe('kron: its values and shapes', () => {
  it('puts a copy of b, scaled by each entry of a, in a block', () => {
    const a = { shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) };
    const b = { shape: [1, 2], data: Float64Array.of(1, 10) };
    const out = F64_KERNELS.kron([a, b], { node: { attrs: {} } } as never);
    assert.deepEqual(out.shape, [2, 4]);
    assert.deepEqual([...out.data], [1, 10, 2, 20, 3, 30, 4, 40]);
  });

  it('multiplies sizes axis by axis, symbolic ones included', async () => {
    const analysis = await analyze('import numpy as np\n# A: (M, N)\n# B: (P, 3)\nK = np.kron(A, B)\nv = np.kron(np.ones(4), B)\n', { language: 'python' });
    assert.deepEqual(analysis.layers.find((l) => l.name === 'K')?.shape, ['M*P', '3*N']);
    assert.deepEqual(analysis.layers.find((l) => l.name === 'v')?.shape, ['P', 12]);
  });
});

describe('kron: Derive Gradient', () => {
  const code = 'import numpy as np\nA = np.random.randn(2, 3)\nB = np.random.randn(4, 2)\nW = np.random.randn(8, 6)\nE = np.sum(np.kron(A, B) * W)\n';

  it('d(A ⊗ B) = dA ⊗ B + A ⊗ dB; G_A pairs each block of G with B, G_B sums the blocks weighted by A', async () => {
    const a = await derivedFromPython(code, 'A');
    assert.equal(a.gradient.text, '(I ⊗ 1ᵀ)·(W ⊙ ((1·1ᵀ) ⊗ B))·(I ⊗ 1)');
    assert.equal(a.gradient.latex, '\\left(I \\otimes \\mathbf{1}^{\\top}\\right) \\left(W \\odot \\left(\\left(\\mathbf{1}\\mathbf{1}^{\\top}\\right) \\otimes B\\right)\\right) \\left(I \\otimes \\mathbf{1}\\right)');
    assert.equal(a.steps[1].text.split('   ')[0], 'd(A ⊗ B) = dA ⊗ B');
    const b = await derivedFromPython(code, 'B');
    assert.equal(b.gradient.text, '(1ᵀ ⊗ I)·(W ⊙ (A ⊗ (1·1ᵀ)))·(1 ⊗ I)');
  });
});
