// nn.TransformerEncoderLayer / nn.TransformerEncoder in a ViT: the shape goes through, the
// features are checked against d_model, and the values are said not to be computed.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';

const VIT = readFileSync(join(__dirname, '../../fixtures/models/vit.py'), 'utf8');
const py = (text: string) => analyze(text, { language: 'python' });

describe('trace: Transformer encoder layers', () => {
  it('a ViT: patches, class token, the encoder, the head — one info that the encoder is not computed', async () => {
    const a = await py(VIT);
    assert.deepEqual(a.problems.map((p) => p.severity), ['info']);
    assert.match(a.problems[0].message, /does not compute its values \(a Transformer encoder layer/);
    const at = (name: string, line: number) => a.layers.find((l) => l.name === name && l.line === line)?.shape;
    assert.deepEqual(at('x', 35), [8, 65, 192]);
    assert.deepEqual(at('logits', 41), [8, 10]);
  });

  it('an encoder layer whose d_model is not the features it is given is one error', async () => {
    const text = "import torch, torch.nn as nn\nlayer = nn.TransformerEncoderLayer(d_model=128, nhead=4, batch_first=True)\ny = layer(torch.randn(8, 65, 192))\nz = y.mean(1)\n";
    const a = await py(text);
    const errors = a.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /expects 128 features \(d_model\), but .* with 192/);
    assert.deepEqual(a.layers.find((l) => l.name === 'z')?.shape, [8, 192]);
  });

  it('a decoder has its target\'s shape, nn.Transformer(src, tgt) too; d_model is checked against the target', async () => {
    const text = 'import torch, torch.nn as nn\ndec_layer = nn.TransformerDecoderLayer(d_model=64, nhead=4, batch_first=True)\ndecoder = nn.TransformerDecoder(dec_layer, num_layers=2)\nmemory = torch.randn(8, 20, 64)\nout = decoder(torch.randn(8, 12, 64), memory)\nmodel = nn.Transformer(d_model=64, nhead=4, batch_first=True)\ny = model(torch.randn(8, 20, 64), torch.randn(8, 11, 64))\nz = dec_layer(torch.randn(8, 12, 32), memory)\n';
    const a = await py(text);
    const shape = (name: string) => a.layers.find((l) => l.name === name)?.shape;
    assert.deepEqual([shape('out'), shape('y')], [[8, 12, 64], [8, 11, 64]]);
    const errors = a.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /^Transformer dec_layer expects 64 features \(d_model\), but .* with 32/);
    // nn.Transformer given only a source: its output is unknown, and it says why.
    const one = await py('import torch, torch.nn as nn\nm = nn.Transformer(d_model=32)\ny = m(torch.randn(4, 5, 32))\n');
    assert.deepEqual(one.problems.map((p) => p.message), ['m takes two inputs (the source and the target), and is given one: its output is unknown']);
  });
});
