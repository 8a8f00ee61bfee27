// A model file as people keep it: the model classes and the training step around them
// (optimisers, initialisers applied to modules, in-place fills, loss.backward()). The
// machinery says nothing about shapes and makes no noise; the shapes are all there.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';

const DCGAN = readFileSync(join(__dirname, '../../fixtures/models/dcgan.py'), 'utf8');

const py = (text: string) => analyze(text, { language: 'python' });
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
const shapeAt = (a: Awaited<ReturnType<typeof py>>, name: string, line: number) => a.layers.find((l) => l.name === name && l.line === line)?.shape;

describe('a training script around its models', () => {
  it('reads the DCGAN step: the shapes of both networks, and no word on optimisers, initialisers or fills', async () => {
    const a = await py(DCGAN);
    // The initialiser, handed to .apply and never called with a tensor, is read on its own: its parameter has no shape.
    assert.deepEqual(a.problems.map((p) => [lineOf(DCGAN, p.span.start), p.severity]), [[60, 'info']]);
    assert.deepEqual(shapeAt(a, 'output', 81), [128]);
    assert.deepEqual(shapeAt(a, 'fake', 85), [128, 3, 64, 64]);
    assert.deepEqual(shapeAt(a, 'errD', 90), []);
    // label.fill_(fake_label) is a new tensor of label's shape, filled with 0.
    assert.deepEqual(shapeAt(a, 'label', 86), [128]);
    const fill = a.graph.nodes.find((n) => n.op === 'full' && a.lines.lineOf(n.span.start) === 86);
    assert.equal(fill?.attrs.value, 0);
  });

  it('a ConvTranspose2d given the wrong channels: one error, nothing after it made up', async () => {
    const text = DCGAN.replace('nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False)', 'nn.ConvTranspose2d(ngf * 8, ngf * 2, 4, 2, 1, bias=False)');
    assert.notEqual(text, DCGAN);
    const a = await py(text);
    const errors = a.problems.filter((p) => p.severity !== 'info');
    assert.equal(errors.length, 1, errors.map((p) => p.message).join('\n'));
    assert.match(errors[0].message, /^ConvTranspose2d Generator\.main\.6 expects 512 input channels, but .* is \(128, 256, 8, 8\)/);
  });
});
