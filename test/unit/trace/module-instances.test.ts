// Several instances of one module class (a ModuleList of blocks) each have parameters of their
// own, named as PyTorch names them; one instance keeps the plain names.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { NumericEnv } from '../../../src/core/numeric/env';
import { leafValues } from '../../../src/core/numeric/leaves';
import type { F64Tensor } from '../../../src/core/numeric/tensor';
import { autodiff } from '../../../src/core/numeric/tfjs/autodiff';
import { loadTf } from '../../../src/core/numeric/tfjs/load';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/models', name), 'utf8');
const py = (text: string) => analyze(text, { language: 'python' });

describe('trace: the parameters of each module instance', () => {
  it('gives each block of a ModuleList its own parameters, of its own widths', async () => {
    const a = await py(fixture('torch_modulelist_widths.py'));
    assert.deepEqual(a.problems.map((p) => p.message), []);
    const params = a.graph.nodes.filter((n) => n.leaf?.role === 'param').map((n) => `${n.name} ${JSON.stringify(n.shape)}`);
    assert.deepEqual(params, ['blocks.0.fc.weight [16,8]', 'blocks.0.fc.bias [16]', 'blocks.1.fc.weight [4,16]', 'blocks.1.fc.bias [4]', 'head.weight [3,4]', 'head.bias [3]']);
  });

  it('finds the head sized for the wrong block, and nothing else', async () => {
    const a = await py(fixture('torch_modulelist_widths.py').replace('nn.Linear(dims[2], 3)', 'nn.Linear(dims[1], 3)'));
    assert.deepEqual(a.problems.map((p) => p.code), ['linear-input-mismatch']);
    assert.match(a.problems[0].message, /Linear head expects 16 input features, but h is \(5, 4\)/);
  });

  it('keeps the plain names for a class with one instance', async () => {
    const a = await py('import torch\nimport torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(4, 3)\n    def forward(self, x):\n        return self.fc1(x)\nmodel = Net()\ny = model(torch.randn(2, 4))\n');
    assert.deepEqual(a.graph.nodes.filter((n) => n.leaf?.role === 'param').map((n) => n.name), ['fc1.weight', 'fc1.bias']);
  });

  it('gives blocks of equal widths different values and different gradients', async () => {
    const text = fixture('torch_modulelist_widths.py').replace('dims=(8, 16, 4)', 'dims=(8, 8, 8)');
    const a = await py(text);
    const id = (name: string) => a.graph.names.get(name) as number;
    const env = new NumericEnv();
    const leaves = leafValues(a.graph, env, a.graph.nodes.filter((n) => n.inputs.length === 0).map((n) => n.id), 1);
    const [w0, w1] = ['blocks.0.fc.weight', 'blocks.1.fc.weight'].map(id);
    assert.notEqual(w0, w1);
    assert.notDeepEqual([...(leaves.get(w0) as F64Tensor).data], [...(leaves.get(w1) as F64Tensor).data]);
    const ad = autodiff(await loadTf(), a.graph, env, leaves, id('loss'), [w0, w1]);
    const [g0, g1] = [w0, w1].map((w) => ad.grads.get(w) as F64Tensor);
    assert.deepEqual([g0.shape, g1.shape], [[8, 8], [8, 8]]);
    assert.ok(g0.data.some((v) => v !== 0) && g1.data.some((v) => v !== 0));
    assert.notDeepEqual([...g0.data], [...g1.data]);
  });
});
