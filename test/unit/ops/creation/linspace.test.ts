import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { linspace } from '../../../../src/core/ops/creation/linspace';
import { checkLeafModule } from '../module-agreement';

checkLeafModule(linspace, {
  python: ['L = numpy.linspace(0.0, 1.0, 7)', 'L = torch.linspace(-1, 1, steps=7)', 'L = tensorflow.linspace(0.0, 1.0, 7)'],
  loss: 'L = numpy.linspace(0.0, 1.0, 4)\nE = numpy.sum(L * X)',
});

describe('linspace: its length', () => {
  it('num as given, positionally or by keyword (steps for torch), 50 without it, a symbol as a symbol', async () => {
    const shapes = async (line: string) => (await analyze(`import numpy as np\nimport torch\nN = 12\n${line}\n`, { language: 'python' })).layers.find((l) => l.name === 'r')?.shape;
    assert.deepEqual(await shapes('r = np.linspace(0, 1, 7)'), [7]);
    assert.deepEqual(await shapes('r = np.linspace(0, 1, num=9)'), [9]);
    assert.deepEqual(await shapes('r = np.linspace(0, 1)'), [50]);
    assert.deepEqual(await shapes('r = torch.linspace(0, 1, steps=5)'), [5]);
    assert.deepEqual(await shapes('r = np.linspace(0, 1, N)'), [12]);
  });
});
