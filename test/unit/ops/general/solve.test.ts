import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { solve } from '../../../../src/core/ops/general/solve';
import { I, type Input } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

/** Square matrices far from singular, so that differences see the smooth function. */
const W = (...shape: number[]): Input => ({ shape, gen: 'wellcond' });

checkOpModule(solve, {
  cases: [
    { name: 'one right-hand side', inputs: [W(3, 3), I(3)] },
    { name: 'a matrix of right-hand sides', inputs: [W(3, 3), I(3, 2)] },
    { name: 'a batch of systems, one right-hand side matrix broadcast', inputs: [W(2, 3, 3), I(3, 2)] },
    { name: 'one system, a batch of right-hand sides', inputs: [W(3, 3), I(2, 3, 2)] },
  ],
  python: ['y = numpy.linalg.solve(X @ X.T, X)', 'y = torch.linalg.solve(X @ X.T, X[:, 0])', 'y = tensorflow.linalg.solve(X @ X.T, X)'],
});

describe('solve: its values and shapes', () => {
  it('solves a 2×2 system', () => {
    const a = { shape: [2, 2], data: Float64Array.of(2, 1, 1, 3) };
    const b = { shape: [2], data: Float64Array.of(3, 5) };
    const x = F64_KERNELS.solve([a, b], { node: { attrs: {} } } as never);
    assert.deepEqual(x.shape, [2]);
    assert.ok(Math.abs(x.data[0] - 0.8) < 1e-12 && Math.abs(x.data[1] - 1.4) < 1e-12, String(x.data));
  });

  it('keeps the right-hand side’s columns, and names both shapes when the rows differ', async () => {
    const ok = await analyze('import numpy as np\n# A: (B, N, N)\n# Y: (N, K)\nX = np.linalg.solve(A, Y)\n', { language: 'python' });
    assert.deepEqual(ok.layers.find((l) => l.name === 'X')?.shape, ['B', 'N', 'K']);
    const bad = await analyze('import numpy as np\n# A: (4, 4)\n# Y: (3, K)\nX = np.linalg.solve(A, Y)\n', { language: 'python' });
    assert.ok(bad.problems.some((p) => p.severity === 'error' && /A \(4, 4\) is 4×4 but the right-hand side \(3, K\) has 3 rows/.test(p.message)), bad.problems.map((p) => p.message).join('; '));
    const square = await analyze('import numpy as np\n# A: (4, 3)\n# Y: (4,)\nX = np.linalg.solve(A, Y)\n', { language: 'python' });
    assert.ok(square.problems.some((p) => p.severity === 'error' && /solve needs a square matrix first, got \(4, 3\)/.test(p.message)), square.problems.map((p) => p.message).join('; '));
  });
});
