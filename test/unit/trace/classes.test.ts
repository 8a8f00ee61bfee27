import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';

/** PyTorch modules read as records of layers plus methods, entered where the model is called. */
const LENET = readFileSync(join(__dirname, '../../../examples/lenet_torch.py'), 'utf8');
const CONTAINERS = readFileSync(join(__dirname, '../../fixtures/models/torch_containers.py'), 'utf8');

const py = (text: string) => analyze(text, { language: 'python' });
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
const row = (a: Awaited<ReturnType<typeof py>>, name: string, line: number) => a.layers.find((l) => l.name === name && l.line === line)?.shape;

describe('trace: PyTorch modules', () => {
  it('enters forward at `net(images)` with the input bound, through a helper method, with constructor arguments', async () => {
    const a = await py(LENET);
    assert.deepEqual(a.problems, []);
    assert.deepEqual(row(a, 'x', 18), [64, 16, 5, 5]);
    assert.deepEqual(row(a, 'x', 22), [64, 400]);
    assert.deepEqual(row(a, 'scores', 30), [64, 10]);
    const other = await py(LENET.replace('LeNet(num_classes=10)', 'LeNet(num_classes=7)'));
    assert.deepEqual(row(other, 'scores', 30), [64, 7]);
  });

  it('reports a Linear whose input features do not match, on its line in forward', async () => {
    const text = LENET.replace('nn.Linear(16 * 5 * 5, 120)', 'nn.Linear(16 * 4 * 4, 120)');
    const a = await py(text);
    assert.equal(a.problems.length, 1);
    const [p] = a.problems;
    assert.equal(p.code, 'linear-input-mismatch');
    assert.equal(lineOf(text, p.span.start), 23);
    assert.match(p.message, /fc1 expects 256 input features, but x is \(64, 400\)/);
    // It points at the size where the layer is constructed, in __init__, and at the call that reached it.
    assert.deepEqual(p.related.map((r) => [lineOf(text, r.span.start), text.slice(r.span.start, r.span.end)]), [[12, '16 * 4 * 4'], [30, 'net(images)']]);
  });

  it('says once, on forward, that an input of unknown shape leaves the layers unchecked, with the shape comment the first layer implies as a quick fix', async () => {
    const text = LENET.split('\n').slice(0, 26).join('\n');
    const a = await py(text);
    assert.equal(a.problems.length, 1);
    const [p] = a.problems;
    assert.equal(p.code, 'unknown-shape');
    assert.equal(lineOf(text, p.span.start), 21);
    assert.match(p.message, /# x: \(N, 3, H, W\)/);
    const fixed = applyFix(text, p);
    assert.equal(fixed.split('\n')[21], '        # x: (N, 3, H, W)');
    // With the comment in place nothing is reported and forward's layers get shapes.
    const b = await py(fixed);
    assert.deepEqual(b.problems, []);
    assert.deepEqual(row(b, 'x', 25), ['N', 84]);
  });

  it('suggests (N, in_features) for a model whose first layer is a Linear, also when it is called with an unknown input', async () => {
    const text = ['import torch.nn as nn', 'class MLP(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc1 = nn.Linear(784, 256)', '        self.fc2 = nn.Linear(256, 10)', '    def forward(self, x):', '        return self.fc2(self.fc1(x))', 'model = MLP()', 'out = model(batch)', ''].join('\n');
    const a = await py(text);
    const unknown = a.problems.filter((p) => p.code === 'unknown-shape');
    assert.equal(unknown.length, 1);
    assert.equal(lineOf(text, unknown[0].span.start), 7);
    assert.match(unknown[0].message, /# x: \(N, 784\)/);
    assert.ok(a.problems.some((p) => p.code === 'undefined-name' && p.message.includes('`batch`')));
  });

  it('keeps the constructor parameters of a class read on its own as the sizes they name', async () => {
    const text = [
      'import torch.nn as nn',
      'import torch.nn.functional as F',
      'class MLP(nn.Module):',
      '    def __init__(self, d_model, hidden, n_classes):',
      '        super().__init__()',
      '        self.fc1 = nn.Linear(d_model, hidden)',
      '        self.fc2 = nn.Linear(hidden, n_classes)',
      '    def forward(self, x):',
      '        # x: (N, d_model)',
      '        h = F.relu(self.fc1(x))',
      '        out = self.fc2(h)',
      '        return out',
      '',
    ].join('\n');
    const a = await py(text);
    assert.deepEqual(a.problems, [], 'no "shape of d_model is not known" for a size');
    assert.deepEqual(row(a, 'h', 10), ['N', 'hidden']);
    assert.deepEqual(row(a, 'out', 11), ['N', 'n_classes']);
  });

  it('reads a tensor held by register_buffer as the attribute it names', async () => {
    const text = [
      'import torch',
      'import torch.nn as nn',
      'class Mask(nn.Module):',
      '    def __init__(self, block_size):',
      '        super().__init__()',
      "        self.register_buffer('tril', torch.tril(torch.ones(block_size, block_size)))",
      '    def forward(self, att):',
      '        B, T, _ = att.shape',
      '        out = att * self.tril[:T, :T]',
      '        return out',
      'att = torch.randn(4, 8, 8)',
      'wide = Mask(16)',
      'y = wide(att)',
      'narrow = Mask(4)',
      'z = narrow(att)',
      '',
    ].join('\n');
    const a = await py(text);
    assert.deepEqual(row(a, 'out', 9), [4, 8, 8]);
    // A buffer smaller than the sequence: the slice stops at 4, and the product does not broadcast.
    assert.equal(a.problems.length, 1);
    assert.match(a.problems[0].message, /\(4, 4\)/);
  });

  it('iterates a ModuleList in forward and in a comprehension, indexes ModuleList and ModuleDict entries', async () => {
    const a = await py(CONTAINERS);
    assert.deepEqual(a.problems, []);
    assert.deepEqual(row(a, 'h', 16), [8, 64]);
    assert.deepEqual(row(a, 'z', 21), [8, 32]);
    assert.deepEqual(row(a, 'first', 22), [8, 64]);
    assert.deepEqual(row(a, 'logits', 28), [8, 10]);
    assert.deepEqual(row(a, 'value', 28), [8, 1]);
    const bug = await py(CONTAINERS.replace("'reg': nn.Linear(32, 1)", "'reg': nn.Linear(33, 1)"));
    assert.equal(bug.problems.length, 1);
    assert.match(bug.problems[0].message, /Linear out\.reg expects 33 input features, but z is \(8, 32\)/);
  });

  it('follows a ModuleList of its own blocks built by a comprehension, and reports a bug in the block once', async () => {
    const text = readFileSync(join(__dirname, '../../fixtures/models/torch_tower_bug.py'), 'utf8');
    const a = await py(text);
    assert.equal(a.problems.length, 1, a.problems.map((p) => p.message).join('\n'));
    assert.equal(a.problems[0].code, 'linear-input-mismatch');
    assert.equal(lineOf(text, a.problems[0].span.start), 15);
    assert.match(a.problems[0].message, /Linear down expects 64 input features, but h is \(8, 128\)/);

    const fixed = await py(text.replace('nn.Linear(2 * d, d)', 'nn.Linear(4 * d, d)'));
    assert.deepEqual(fixed.problems, []);
    assert.deepEqual(row(fixed, 'x', 26), [8, 32]);
    assert.deepEqual(row(fixed, 'logits', 32), [8, 10]);
    // A list comprehension of tensors, stacked: four items.
    assert.deepEqual(row(fixed, 'total', 34), [8, 32]);
    const deeper = await py(text.replace('nn.Linear(2 * d, d)', 'nn.Linear(4 * d, d)').replace('torch.stack(squares).sum(0)', 'torch.stack(squares)'));
    assert.deepEqual(row(deeper, 'total', 34), [4, 8, 32]);
  });

  it('keeps the weights of two classes with a layer of the same name apart', async () => {
    const text = [
      'import torch, torch.nn as nn',
      'class Enc(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.fc = nn.Linear(10, 4)',
      '    def forward(self, x):',
      '        return self.fc(x)',
      'class Dec(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.fc = nn.Linear(4, 10)',
      '    def forward(self, z):',
      '        return self.fc(z)',
      'enc, dec = Enc(), Dec()',
      'x = torch.randn(3, 10)',
      'y = dec(enc(x))',
      '',
    ].join('\n');
    const a = await py(text);
    assert.deepEqual(a.problems, []);
    assert.deepEqual(row(a, 'y', 16), [3, 10]);
    assert.deepEqual(a.graph.nodes[a.graph.names.get('Dec.fc.weight') as number].shape, [10, 4]);
  });
});

function applyFix(text: string, p: { fixes?: { edits: { span: { start: number; end: number }; newText: string }[] }[] }): string {
  const edits = [...(p.fixes?.[0].edits ?? [])].sort((x, y) => y.span.start - x.span.start);
  assert.ok(edits.length > 0, 'a fix');
  let out = text;
  for (const e of edits) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
