import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { broadcastTo } from '../../../../src/core/ops/general/broadcast-to';
import { I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(broadcastTo, {
  cases: [
    { name: 'a vector as the rows of a matrix', inputs: [I(4)], attrs: { shape: [3, 4] } },
    { name: 'a column across a matrix', inputs: [I(3, 1)], attrs: { shape: [3, 5] } },
    { name: 'a new leading axis and a kept one (-1)', inputs: [I(2, 1, 3)], attrs: { shape: [2, -1, 4, 3] } },
  ],
  python: [
    'y = numpy.broadcast_to(X, (2, 3, 4))',
    'y = torch.broadcast_to(X[:, :1], (3, 5))',
    'y = tensorflow.broadcast_to(X, [2, 3, 4])',
    'y = X[None].expand(5, -1, -1)',
    'y = X.broadcast_to((2, 3, 4))',
  ],
});

describe('broadcast_to: shapes', () => {
  const layer = async (src: string) => analyze(`import numpy\nimport torch\n${src}\n`, { language: 'python' });

  it('keeps symbolic sizes and reads PyTorch’s -1 as the size already there', async () => {
    const a = await layer('# h: (T, C)\nB = 4\ny = h.unsqueeze(0).expand(B, -1, -1)');
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, [4, 'T', 'C']);
  });

  it('names the shape and the target when an axis of size other than 1 would stretch', async () => {
    const a = await layer('# h: (N, 3)\ny = numpy.broadcast_to(h, (N, 4))');
    assert.ok(a.problems.some((p) => p.severity === 'error' && /cannot broadcast \(N, 3\) to \(N, 4\) — axis 1 is 3, neither 1 nor 4/.test(p.message)), a.problems.map((p) => p.message).join('; '));
    const b = await layer('# h: (N, 3)\ny = h.expand(-1, 3, 3)');
    assert.ok(b.problems.some((p) => /the -1 at axis 0 of \(-1, 3, 3\) is a new axis/.test(p.message)), b.problems.map((p) => p.message).join('; '));
  });
});
