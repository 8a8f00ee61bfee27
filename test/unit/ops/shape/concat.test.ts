import { strict as assert } from 'node:assert';
import { concat } from '../../../../src/core/ops/shape/concat';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule, derivedFromPython } from '../module-agreement';

checkOpModule(concat, {
  cases: [
    { name: 'side by side', inputs: [I(3, 2), I(3, 4)], attrs: { axis: 1 } },
    { name: 'stacked rows, three pieces', inputs: [I(1, 4), I(2, 4), I(3, 4)], attrs: { axis: 0 } },
  ],
  python: [
    'y = numpy.concatenate([X, X], axis=0)',
    'y = torch.cat([X, X], 1)',
    'y = torch.concat((X, X))',
    'y = tensorflow.concat([X, X], 1)',
    'y = numpy.vstack([X, X])',
    'y = torch.vstack([X, X])',
    'y = numpy.hstack([X, X])',
    'y = torch.hstack([X, X])',
  ],
});

describe('concat: Derive Gradient', () => {
  const code = 'import numpy as np\nA = np.random.randn(3, 2)\nB = np.random.randn(3, 4)\nW = np.random.randn(6, 5)\nC = np.concatenate([A, B], axis=1)\nE = np.sum((C @ W) ** 2)\n';

  it('reads [A, B] as a block matrix: a piece’s gradient is its block of dC, and [A, B]ᵀ = [Aᵀ; Bᵀ]', async () => {
    const b = await derivedFromPython(code, 'B');
    assert.deepEqual([b.gradient.text, b.gradient.latex], ['(2·[A, B]·W·Wᵀ)[:, 2:6]', '\\left(2\\,\\begin{bmatrix} A & B \\end{bmatrix} W W^{\\top}\\right)_{[:, 2:6]}']);
    const w = await derivedFromPython(code, 'W');
    assert.equal(w.gradient.text, '2·[Aᵀ; Bᵀ]·[A, B]·W');
  });
});
