import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { contractedAxes, tensordot } from '../../../../src/core/ops/general/tensordot';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(tensordot, {
  cases: [
    { name: 'axes=1 on matrices: a matrix product', inputs: [I(3, 4), I(4, 2)], attrs: { axes: 1 } },
    { name: 'the default axes=2: a Frobenius inner product', inputs: [I(3, 4), I(3, 4)] },
    { name: 'axes=0: an outer product of vectors', inputs: [I(3), I(4)], attrs: { axes: 0 } },
    { name: 'paired lists, first axis with first axis', inputs: [I(3, 4), I(3, 2)], attrs: { axes: [[0], [0]] } },
    { name: 'two axes of 3-D tensors, in a crossed order', inputs: [I(2, 3, 4), I(4, 3, 2)], attrs: { axes: [[1, 2], [1, 0]] } },
    { name: 'a pair of ints', inputs: [I(2, 3, 4), I(4, 2)], attrs: { axes: [-1, 0] } },
  ],
  python: ['y = numpy.tensordot(X, X, axes=([0], [0]))', 'y = numpy.tensordot(X, X.T, 1)', 'y = torch.tensordot(X, X, dims=2)', 'y = tensorflow.tensordot(X, X, axes=[[1], [1]])', 'y = tensorflow.linalg.tensordot(X, X, 2)'],
});

describe('tensordot: axes', () => {
  it('pairs the last n axes of a with the first n of b for an int, in order for lists', () => {
    assert.deepEqual(contractedAxes(2, 3, 2), [[1, 0], [2, 1]]);
    assert.deepEqual(contractedAxes([[0, -1], [1, 0]], 3, 2), [[0, 1], [2, 0]]);
    assert.deepEqual(contractedAxes([1, 0], 2, 2), [[1, 0]]);
    assert.match(contractedAxes([[0, 1], [0]], 2, 2) as string, /pairs 2 axes of the first operand with 1/);
    assert.match(contractedAxes(3, 2, 2) as string, /at least 3 dimensions/);
  });

  it('computes a matrix product in float64', () => {
    const a = { shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) };
    const b = { shape: [2, 2], data: Float64Array.of(5, 6, 7, 8) };
    assert.deepEqual([...F64_KERNELS.tensordot([a, b], { node: { attrs: { axes: 1 } } } as never).data], [19, 22, 43, 50]);
    assert.deepEqual([...F64_KERNELS.tensordot([a, b], { node: { attrs: { axes: 2 } } } as never).data], [70]);
  });
});

describe('tensordot: shapes', () => {
  it('keeps the free axes with their symbolic sizes, and names both shapes when paired sizes differ', async () => {
    const ok = await analyze('import numpy as np\n# X: (B, N, D)\n# W: (D, H)\nY = np.tensordot(X, W, axes=([2], [0]))\n', { language: 'python' });
    assert.deepEqual(ok.layers.find((l) => l.name === 'Y')?.shape, ['B', 'N', 'H']);
    const bad = await analyze('import torch\n# X: (N, 4)\n# W: (5, 3)\nY = torch.tensordot(X, W, dims=1)\n', { language: 'python' });
    assert.ok(bad.problems.some((p) => p.severity === 'error' && /axis 1 of the first operand \(N, 4\) is 4 but axis 0 of the second \(5, 3\) is 5/.test(p.message)), bad.problems.map((p) => p.message).join('; '));
  });
});
