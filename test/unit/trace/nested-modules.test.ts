// Modules built from modules built from modules, as a U-Net is: a DoubleConv inside a
// Sequential inside each Down, four Downs and four Ups of one class each, skip connections
// joined with torch.cat, sizes chosen by `2 if bilinear else 1`, a segmentation loss.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';

const UNET = readFileSync(join(__dirname, '../../fixtures/models/unet.py'), 'utf8');
const py = (text: string) => analyze(text, { language: 'python' });
const shapeAt = (a: Awaited<ReturnType<typeof py>>, name: string, line: number) => a.layers.find((l) => l.name === name && l.line === line)?.shape;

describe('modules nested in modules (a U-Net)', () => {
  it('every level has its shape, and the four Downs keep weights of their own', async () => {
    const a = await py(UNET);
    assert.deepEqual(a.problems.map((p) => p.message), []);
    const levels: [string, number, number[]][] = [['x1', 87, [1, 64, 64, 64]], ['x2', 88, [1, 128, 32, 32]], ['x3', 89, [1, 256, 16, 16]], ['x4', 90, [1, 512, 8, 8]], ['x5', 91, [1, 1024, 4, 4]], ['x', 92, [1, 512, 8, 8]], ['x', 95, [1, 64, 64, 64]], ['logits', 96, [1, 2, 64, 64]]];
    for (const [name, line, shape] of levels) assert.deepEqual(shapeAt(a, name, line), shape, `${name} on line ${line}`);
    // PyTorch's own names: the DoubleConv of each Down is down<k>.maxpool_conv.1.
    const firstConvs = [...a.graph.names.keys()].filter((n) => /^down\d\.maxpool_conv\.1\.double_conv\.0\.weight$/.test(n)).sort();
    assert.deepEqual(firstConvs, ['down1.maxpool_conv.1.double_conv.0.weight', 'down2.maxpool_conv.1.double_conv.0.weight', 'down3.maxpool_conv.1.double_conv.0.weight', 'down4.maxpool_conv.1.double_conv.0.weight']);
    assert.deepEqual(a.graph.nodes[a.graph.names.get('down3.maxpool_conv.1.double_conv.0.weight') as number].shape, [512, 256, 3, 3]);
  });

  it('cross-entropy over (N, C, H, W) logits and (N, H, W) targets is the mean over every pixel', async () => {
    const a = await py(UNET);
    assert.deepEqual(shapeAt(a, 'loss', 102), []);
    const wrong = await py(UNET.replace('torch.randint(0, 2, (1, 64, 64))', 'torch.randint(0, 2, (1, 32, 64))'));
    assert.equal(wrong.problems.filter((p) => p.severity === 'error').length, 1);
  });

  it('an Up given the wrong channels: one error, on the layer that gets them', async () => {
    const text = UNET.replace('self.up2 = Up(512, 256 // factor, bilinear)', 'self.up2 = Up(256, 256 // factor, bilinear)');
    const a = await py(text);
    const errors = a.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1, errors.map((p) => p.message).join('\n'));
    assert.match(errors[0].message, /^ConvTranspose2d .* expects 256 input channels, but x is \(1, 512, 8, 8\)/);
  });
});
