// Whole models built from embeddings, 1-D convolutions, recurrent layers, attention and
// transposed convolutions: every shape of the correct fixture, and each size bug reported once,
// on its line, naming the layer and both sizes.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';

const TORCH = readFileSync(join(__dirname, '../../fixtures/models/torch_sequence_layers.py'), 'utf8');
const KERAS = readFileSync(join(__dirname, '../../fixtures/models/keras_sequence_layers.py'), 'utf8');

const py = (text: string) => analyze(text, { language: 'python' });
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
const shapeAt = (a: Awaited<ReturnType<typeof py>>, name: string, line: number) => a.layers.find((l) => l.name === name && l.line === line)?.shape;

function edited(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the fixture has no ${from}`);
  return text.replace(from, to);
}

describe('models with sequence layers: PyTorch', () => {
  it('gives every layer its shape: Embedding → bidirectional LSTM → Linear, Conv1d → GRU → attention, Linear → ConvTranspose2d', async () => {
    const a = await py(TORCH);
    assert.deepEqual(a.problems, []);
    assert.deepEqual(shapeAt(a, 'e', 14), [8, 12, 32]);
    assert.deepEqual(shapeAt(a, 'out', 15), [8, 12, 96]);
    assert.deepEqual(shapeAt(a, 'c', 15), [4, 8, 48]);
    assert.deepEqual(shapeAt(a, 'logits', 53), [8, 5]);
    assert.deepEqual(shapeAt(a, 'x', 30), [8, 16, 12]);
    assert.deepEqual(shapeAt(a, 'seq', 33), [8, 12, 64]);
    assert.deepEqual(shapeAt(a, 'weights', 34), [8, 12, 12]);
    assert.deepEqual(shapeAt(a, 'scores', 56), [8, 10]);
    assert.deepEqual(shapeAt(a, 'x', 47), [8, 32, 8, 8]);
    assert.deepEqual(shapeAt(a, 'images', 59), [8, 3, 16, 16]);
  });

  // The last column: whether the model with the bug still gives its intended output (a Linear's is known after the mistake).
  const bugs: [string, string, string, number, RegExp, boolean][] = [
    ['a Linear after the bidirectional LSTM sized for one direction', 'nn.Linear(2 * hidden, classes)', 'nn.Linear(hidden, classes)', 17, /Linear fc expects 48 input features, but last is \(8, 96\) \(line 16\) with 96/, true],
    ['a Conv1d whose input channels are not the previous one\'s output', 'nn.Conv1d(16, 32, 3, padding=1)', 'nn.Conv1d(8, 32, 3, padding=1)', 31, /Conv1d conv2 expects 8 input channels, but x is \(8, 16, 12\)/, false],
    ['a GRU whose input_size is not the features it is given', 'nn.GRU(32, 64, batch_first=True)', 'nn.GRU(16, 64, batch_first=True)', 33, /GRU gru expects 16 input features, but x is \(8, 12, 32\)/, false],
    ['a MultiheadAttention whose embed_dim is not the sequence\'s', 'nn.MultiheadAttention(64, 4, batch_first=True)', 'nn.MultiheadAttention(32, 4, batch_first=True)', 34, /MultiheadAttention attn expects 32 embedding features, but seq is \(8, 12, 64\)/, false],
    ['a ConvTranspose2d whose input channels are not the previous one\'s output', 'nn.ConvTranspose2d(32, 3, 4', 'nn.ConvTranspose2d(16, 3, 4', 48, /ConvTranspose2d up2 expects 16 input channels, but x is \(8, 32, 8, 8\)/, false],
  ];
  for (const [what, from, to, line, message, goesOn] of bugs) {
    it(`reports ${what}, once, on its line, and the other models keep their shapes`, async () => {
      const text = edited(TORCH, from, to);
      const a = await py(text);
      assert.equal(a.problems.length, 1, a.problems.map((p) => p.message).join('\n'));
      const [p] = a.problems;
      assert.equal(p.code, 'linear-input-mismatch');
      assert.equal(lineOf(text, p.span.start), line);
      assert.match(p.message, message);
      // The size written in __init__ is pointed at.
      assert.ok(p.related.some((r) => text.slice(r.span.start, r.span.end) === to.match(/\((\d+)/)?.[1] || text.slice(r.span.start, r.span.end) === 'hidden'), JSON.stringify(p.related));
      // The models without the bug are read in full; the one with it, when its intended output is known.
      const outputs = { logits: [53, [8, 5]], scores: [56, [8, 10]], images: [59, [8, 3, 16, 16]] } as const;
      const intact = Object.entries(outputs).filter(([name, [at, shape]]) => JSON.stringify(shapeAt(a, name, at)) === JSON.stringify(shape));
      assert.equal(intact.length, goesOn ? 3 : 2, JSON.stringify(intact));
    });
  }

  it('after a layer it does not know, says so once and still checks the LSTM\'s output size and the Linear after it', async () => {
    const text = edited(edited(TORCH, '        e = self.embed(tokens)\n', '        e = self.embed(tokens)\n        e = self.enc(e)\n'), '        self.fc = nn.Linear(2 * hidden, classes)\n', '        self.enc = nn.PixelShuffle(2)\n        self.fc = nn.Linear(hidden, classes)\n');
    const a = await py(text);
    const notes = a.problems.filter((p) => p.code === 'unsupported-op');
    assert.equal(notes.length, 1);
    assert.match(notes[0].message, /PixelShuffle/);
    const shape = (name: string) => a.layers.find((l) => l.name === name && l.line === 17)?.shape;
    assert.deepEqual([shape('out'), shape('h')], [['?', '?', 96], [4, '?', 48]]);
    const errors = a.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /Linear fc expects 48 input features, but last is \(\?, 96\)/);
  });

  it('suggests the input shape the first layer implies: token ids for an Embedding, (T, N, D) for a time-first LSTM', async () => {
    const text = ['import torch.nn as nn', 'class Tagger(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.embed = nn.Embedding(100, 8)', '    def forward(self, ids):', '        return self.embed(ids)', 'class Enc(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.rnn = nn.LSTM(12, 4)', '    def forward(self, x):', '        out, (h, c) = self.rnn(x)', '        return out', 'y = Tagger()(batch)', 'z = Enc()(batch)', ''].join('\n');
    const a = await py(text);
    const unknown = a.problems.filter((p) => p.code === 'unknown-shape').map((p) => p.message);
    assert.equal(unknown.length, 2, unknown.join('\n'));
    assert.match(unknown[0], /# ids: \(N, T\)/);
    assert.match(unknown[1], /# x: \(T, N, 12\)/);
  });
});

describe('models with sequence layers: Keras', () => {
  it('gives every layer its shape: Embedding → Conv1D → LSTM → GRU → Dense, MultiHeadAttention + Add, Conv2DTranspose', async () => {
    const a = await py(KERAS);
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(shapeAt(a, 'text_model.conv1d', 8), ['?', 8, 32]);
    assert.deepEqual(shapeAt(a, 'text_model.lstm', 9), ['?', 8, 64]);
    assert.deepEqual(shapeAt(a, 'text_model.gru', 10), ['?', 32]);
    assert.deepEqual(shapeAt(a, 'text_model.dense', 11), ['?', 1]);
    assert.deepEqual(shapeAt(a, 'added', 17), ['?', 20, 16]);
    assert.deepEqual(shapeAt(a, 'out', 19), ['?', 3]);
    assert.deepEqual(shapeAt(a, 'd2', 24), ['?', 28, 28, 1]);
  });

  it('reports a Conv1D kernel longer than the sequence, on the layer\'s line', async () => {
    const text = edited(KERAS, 'keras.Input(shape=(12,))', 'keras.Input(shape=(4,))');
    const a = await py(text);
    const errors = a.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1);
    assert.equal(lineOf(text, errors[0].span.start), 8);
    assert.match(errors[0].message, /Conv1D conv1d: the kernel of 5 .* longer than the 4 steps of .*\(\?, 4, 32\)/);
  });

  it('reports an attention output that no longer adds to its input, with both shapes', async () => {
    const text = edited(KERAS, 'MultiHeadAttention(num_heads=4, key_dim=8)', 'MultiHeadAttention(num_heads=4, key_dim=8, output_shape=8)');
    const a = await py(text);
    const errors = a.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1);
    assert.equal(lineOf(text, errors[0].span.start), 17);
    assert.match(errors[0].message, /\(\?, 20, 16\).*\(\?, 20, 8\)/);
  });
});
