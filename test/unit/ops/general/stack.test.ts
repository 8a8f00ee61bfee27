import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { stack } from '../../../../src/core/ops/general/stack';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(stack, {
  cases: [
    { name: 'two vectors as rows', inputs: [I(4), I(4)] },
    { name: 'three matrices along the last axis', inputs: [I(2, 3), I(2, 3), I(2, 3)], attrs: { axis: -1 } },
  ],
  python: ['y = numpy.stack([X, X])', 'y = torch.stack((X, X, X), dim=1)', 'y = tensorflow.stack([X, X], axis=-1)'],
});

describe('stack: shapes', () => {
  it('adds an axis of the pieces’ count, and names the piece whose shape differs', async () => {
    const ok = await analyze('import numpy\n# a: (N, 4)\n# b: (N, 4)\ns = numpy.stack([a, b, a], axis=1)\n', { language: 'python' });
    assert.deepEqual(ok.layers.find((l) => l.name === 's')?.shape, ['N', 3, 4]);
    const bad = await analyze('import numpy\n# a: (N, 4)\n# b: (N, 5)\ns = numpy.stack([a, b])\n', { language: 'python' });
    assert.ok(bad.problems.some((p) => p.severity === 'error' && /axis 1 is 4 in the first and 5 in piece 1/.test(p.message)), bad.problems.map((p) => p.message).join('; '));
  });
});
