// Models configured by objects (a dataclass of sizes, a plain class, an attribute chain) and
// holding their modules in a ModuleDict: the way nanoGPT-style code is written.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';

const GPT = readFileSync(join(__dirname, '../../fixtures/models/nanogpt.py'), 'utf8');

const py = (text: string) => analyze(text, { language: 'python' });
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
const row = (a: Awaited<ReturnType<typeof py>>, name: string, line: number) => a.layers.find((l) => l.name === name && l.line === line);

describe('models configured by objects, modules in a ModuleDict', () => {
  it('reads a nanoGPT: dataclass config, ModuleDict(dict(...)) with a ModuleList of blocks, causal attention', async () => {
    const a = await py(GPT);
    assert.deepEqual(a.problems.map((p) => p.message), []);
    assert.deepEqual(row(a, 'self.bias', 28)?.shape, [1, 1, 256, 256]);
    assert.deepEqual(row(a, 'tok_emb', 89)?.shape, [8, 64, 128]);
    assert.deepEqual(row(a, 'pos_emb', 90)?.shape, [64, 128]);
    assert.deepEqual(row(a, 'k', 34)?.shape, [8, 4, 64, 32]);
    assert.deepEqual(row(a, 'att', 39)?.shape, [8, 4, 64, 64]);
    assert.deepEqual(row(a, 'y', 42)?.shape, [8, 64, 128]);
    assert.deepEqual(row(a, 'logits', 95)?.shape, [8, 64, 65]);
    // c_attn: 128·384 + 384; a block's MLP: 128·512 + 512 + 512·128 + 128, and its LayerNorm 256.
    assert.equal(row(a, 'q', 33)?.params, 128 * 384 + 384);
    assert.equal(row(a, 'x', 69)?.params, 256 + 128 * 512 + 512 + 512 * 128 + 128);
    assert.equal(row(a, 'logits', 95)?.params, 128 * 65);
  });

  it('a Linear sized wrongly inside a block repeated four times: one error, and the model after it keeps its shapes', async () => {
    const text = GPT.replace('self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd)', 'self.c_proj = nn.Linear(config.n_embd, config.n_embd)');
    assert.notEqual(text, GPT);
    const a = await py(text);
    assert.equal(a.problems.length, 1, a.problems.map((p) => p.message).join('\n'));
    assert.equal(lineOf(text, a.problems[0].span.start), 56);
    assert.match(a.problems[0].message, /^Linear MLP\.c_proj expects 128 input features, but .* is \(8, 64, 512\) .* with 512/);
    assert.deepEqual(row(a, 'logits', 95)?.shape, [8, 64, 65]);
  });

  it('a dataclass is built by its fields, in order or by keyword, over their defaults; field(default=) is a default', async () => {
    const text = [
      'import torch',
      'import torch.nn as nn',
      'from dataclasses import dataclass, field',
      '',
      '@dataclass(frozen=True)',
      'class Config:',
      '    d_in: int',
      '    d_hidden: int = 64',
      '    d_out: int = field(default=10)',
      '',
      'class Net(nn.Module):',
      '    def __init__(self, config):',
      '        super().__init__()',
      '        self.config = config',
      '        self.fc1 = nn.Linear(config.d_in, config.d_hidden)',
      '',
      '    def forward(self, x):',
      '        return nn.functional.linear(self.fc1(x), torch.ones(self.config.d_out, self.config.d_hidden))',
      '',
      'na = Net(Config(32))',
      'a = na(torch.randn(4, 32))',
      'nb = Net(Config(16, d_out=3))',
      'b = nb(torch.randn(4, 16))',
      'nc = Net(Config(d_hidden=8, d_in=5))',
      'c = nc(torch.randn(4, 5))',
    ].join('\n');
    const r = await py(text);
    assert.deepEqual(r.problems.map((p) => p.message), []);
    assert.deepEqual(r.layers.filter((l) => ['a', 'b', 'c'].includes(l.name)).map((l) => [l.name, l.shape]), [['a', [4, 10]], ['b', [4, 3]], ['c', [4, 10]]]);
    // Given the wrong size, the field's value is what the message names.
    const wrong = await py(text.replace('torch.randn(4, 16)', 'torch.randn(4, 17)'));
    assert.equal(wrong.problems.length, 1);
    assert.match(wrong.problems[0].message, /expects 16 input features, but .* with 17/);
  });

  it('a plain class of sizes, read through an attribute of the module (self.cfg.width)', async () => {
    const text = [
      'import torch',
      'import torch.nn as nn',
      'class Sizes:',
      '    width = 48',
      'class Net(nn.Module):',
      '    def __init__(self, cfg):',
      '        super().__init__()',
      '        self.cfg = cfg',
      '        self.fc = nn.Linear(cfg.width, 2)',
      '    def forward(self, x):',
      '        return self.fc(x).reshape(-1, 2, 1).expand(-1, 2, self.cfg.width)',
      'net = Net(Sizes())',
      'y = net(torch.randn(4, 48))',
    ].join('\n');
    const r = await py(text);
    assert.deepEqual(r.problems.map((p) => p.message), []);
    assert.deepEqual(r.layers.find((l) => l.name === 'y')?.shape, [4, 2, 48]);
  });

  it('a ModuleDict of library layers, written with dict(...): its modules by attribute and by key', async () => {
    const text = [
      'import torch',
      'import torch.nn as nn',
      'class Net(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.parts = nn.ModuleDict(dict(enc=nn.Linear(20, 8), dec=nn.Linear(8, 20)))',
      '    def forward(self, x):',
      '        h = self.parts.enc(x)',
      "        return self.parts['dec'](h)",
      'net = Net()',
      'y = net(torch.randn(4, 20))',
    ].join('\n');
    const r = await py(text);
    assert.deepEqual(r.problems.map((p) => p.message), []);
    assert.deepEqual(r.layers.find((l) => l.name === 'h')?.shape, [4, 8]);
    assert.deepEqual(r.layers.find((l) => l.name === 'y')?.shape, [4, 20]);
    const wrong = await py(text.replace('dec=nn.Linear(8, 20)', 'dec=nn.Linear(9, 20)'));
    assert.equal(wrong.problems.length, 1);
    assert.match(wrong.problems[0].message, /expects 9 input features/);
  });
});
