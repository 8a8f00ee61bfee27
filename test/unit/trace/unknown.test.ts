import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';

/** What is not known stays unknown, says so once, and does not hide the mistakes after it. */
const py = (text: string) => analyze(text, { language: 'python' });
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

describe('trace: unknown shapes', () => {
  it('an unsupported layer makes only its own output unknown, says so once, and a later Linear is still checked', async () => {
    const text = readFileSync(join(__dirname, '../../fixtures/models/torch_unsupported_layer.py'), 'utf8');
    const a = await py(text);
    const unsupported = a.problems.filter((p) => p.code === 'unsupported-op');
    assert.equal(unsupported.length, 1);
    assert.match(unsupported[0].message, /nn\.PixelShuffle/);
    const errors = a.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1);
    assert.equal(lineOf(text, errors[0].span.start), 18);
    assert.match(errors[0].message, /fc2 expects 15 input features, but h is \(\?, 16\)/);
    const right = await py(text.replace('nn.Linear(15, 5)', 'nn.Linear(16, 5)'));
    assert.equal(right.problems.filter((p) => p.severity === 'error').length, 0);
  });

  it('a shape spread from a tensor of unknown shape is unknown, never a scalar, and gives no false errors', async () => {
    const text = 'import numpy as np\nout = foo(x)\ndout = np.random.randn(*out.shape)\nv = np.random.randn(3, 4)\nw = v @ dout\n';
    const a = await py(text);
    assert.equal(a.layers.find((l) => l.name === 'dout')?.shape, null);
    assert.deepEqual(a.problems.filter((p) => p.severity === 'error'), []);
  });

  it('a shape spread from a known tensor is that shape', async () => {
    const a = await py('import numpy as np\nout = np.zeros((4, 7))\ndout = np.random.randn(*out.shape)\n');
    assert.deepEqual(a.layers.find((l) => l.name === 'dout')?.shape, [4, 7]);
  });
});
