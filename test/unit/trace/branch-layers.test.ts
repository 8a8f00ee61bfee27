// Layers chosen by a condition in the constructor, as residual blocks choose their shortcut:
// a projection when the stride or the width changes, else the identity (an empty
// Sequential, or `lambda x: x`). Which branch runs is known only where the block is built.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/models', name), 'utf8');
const py = (text: string) => analyze(text, { language: 'python' });
const shapeAt = (a: Awaited<ReturnType<typeof py>>, name: string, line: number) => a.layers.find((l) => l.name === name && l.line === line)?.shape;

describe('layers chosen by a condition where the model is built', () => {
  it('PyTorch: self.shortcut = nn.Sequential(), replaced by a projection under `if stride != 1 or ...`', async () => {
    const text = fixture('resnet_cifar.py');
    const a = await py(text);
    assert.deepEqual(a.problems.map((p) => p.message), []);
    assert.deepEqual(shapeAt(a, 'out', 55), [2, 128, 16, 16]);
    assert.deepEqual(shapeAt(a, 'out', 57), [2, 512, 4, 4]);
    assert.deepEqual(shapeAt(a, 'y', 69), [2, 10]);
    // Without the projection the widening blocks cannot add their input: one error, in the block.
    const broken = await py(text.replace('if stride != 1 or in_planes != self.expansion * planes:', 'if stride != 1 and in_planes != planes and False:'));
    const errors = broken.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1, errors.map((p) => p.message).join('\n'));
    assert.equal(broken.lines.lineOf(errors[0].span.start), 26);
  });

  it('Keras: a Sequential shortcut when strided, else `lambda x: x`, in a subclassed Layer and Model', async () => {
    const text = fixture('keras_residual.py');
    const a = await py(text);
    assert.deepEqual(a.problems.map((p) => p.message), []);
    assert.deepEqual(shapeAt(a, 'x', 44), [16, 16, 16, 64]);
    assert.deepEqual(shapeAt(a, 'x', 45), [16, 8, 8, 128]);
    assert.deepEqual(shapeAt(a, 'logits', 58), [16, 10]);
  });

  it('a lambda bound to a name is a function of it, defaults and all', async () => {
    const a = await py('import numpy as np\nscale = lambda x, k=2: x * k\nproject = lambda x: x @ np.ones((3, 5))\ny = project(scale(np.ones((4, 3))))\n');
    assert.deepEqual(a.problems.map((p) => p.message), []);
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, [4, 5]);
  });
});
