import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { kron } from '../../../../src/core/ops/general/kron';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

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
