import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { checkGradients } from '../../../src/core/check/index';

const py = (text: string) => analyze(text, { language: 'python' });
const shapes = async (text: string) => Object.fromEntries((await py(text)).layers.map((l) => [l.name, l.shape]));

describe('trace: upsampling (nn.Upsample, F.interpolate, Keras UpSampling2D)', () => {
  it('gives the shape for a factor, a size, each axis its own, and Keras channels-last doubling by default', async () => {
    const s = await shapes(
      [
        'import torch, torch.nn as nn, torch.nn.functional as F',
        'from tensorflow.keras import layers',
        'x = torch.randn(2, 3, 8, 8)',
        'a = nn.Upsample(scale_factor=2)(x)',
        'b = F.interpolate(x, size=(5, 7), mode="bilinear")',
        'c = F.interpolate(x, scale_factor=(2, 3))',
        'd = F.interpolate(x, scale_factor=1.5, mode="bilinear")',
        'e = nn.UpsamplingNearest2d(scale_factor=4)(x)',
        'k = layers.UpSampling2D()(torch.randn(2, 8, 8, 3))',
      ].join('\n'),
    );
    assert.deepEqual([s.a, s.b, s.c, s.d, s.e, s.k], [[2, 3, 16, 16], [2, 3, 5, 7], [2, 3, 16, 24], [2, 3, 12, 12], [2, 3, 32, 32], [2, 16, 16, 3]]);
  });

  it('nearest by whole factors is computed (each pixel repeated): a hand gradient through it is judged; bilinear says it is not', async () => {
    const code = (dx: string, mode = '') => `import torch\nimport torch.nn.functional as F\nx = torch.randn(2, 3, 4, 4)\ny = F.interpolate(x, scale_factor=2${mode})\nloss = (y * y).sum()\ndx = ${dx}\n`;
    const ok = await checkGradients(code('8 * x'), { language: 'python' });
    assert.deepEqual(ok.gradients.map((g) => g.verdict), ['correct']);
    const wrong = await checkGradients(code('2 * x'), { language: 'python' });
    assert.deepEqual(wrong.gradients.map((g) => [g.verdict, g.mistake]), [['wrong', 'scaled']]);
    const bilinear = await checkGradients(code('8 * x', ', mode="bilinear"'), { language: 'python' });
    assert.deepEqual(bilinear.gradients.map((g) => g.verdict), ['unchecked']);
    assert.ok(bilinear.analysis.problems.some((p) => /does not compute its values \(bilinear interpolation\)/.test(p.message)));
  });
});
