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
});
