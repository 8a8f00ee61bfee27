import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { triu } from '../../../../src/core/ops/general/triu';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(triu, {
  cases: [
    { name: 'a matrix', inputs: [I(3, 4)] },
    { name: 'a batch, diagonal shifted', inputs: [I(2, 3, 3)], attrs: { k: -1 } },
  ],
  python: ['y = numpy.triu(X)', 'y = numpy.triu(X, k=1)', 'y = torch.triu(X, diagonal=-1)', 'y = X.triu()'],
});

describe('triu: its values', () => {
  it('keeps the upper triangle of a 3×3 matrix', () => {
    const node = { attrs: { k: 0 } } as never;
    const out = F64_KERNELS.triu([{ shape: [3, 3], data: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9) }], { node } as never);
    assert.deepEqual([...out.data], [1, 2, 3, 0, 5, 6, 0, 0, 9]);
  });

  it('needs a matrix', async () => {
    const analysis = await analyze('import numpy\n# v: (5,)\nt = numpy.triu(v)\n', { language: 'python' });
    assert.ok(analysis.problems.some((p) => p.severity === 'error' && /triu needs a matrix/.test(p.message)), analysis.problems.map((p) => p.message).join('; '));
  });
});
