// BatchNorm and LayerNorm layers are the real function, not a pass-through: their values are
// checked against the definition computed directly here.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import type { Graph } from '../../../src/core/ir/graph';
import { NumericEnv } from '../../../src/core/numeric/env';
import { F64Evaluator } from '../../../src/core/numeric/f64/evaluate';
import { leafValues } from '../../../src/core/numeric/leaves';
import type { F64Tensor } from '../../../src/core/numeric/tensor';

/** The value of `name` and of every leaf, from the graph's own float64 evaluation. */
function evaluate(graph: Graph, name: string): { out: F64Tensor; leaf: (n: string) => F64Tensor } {
  const env = new NumericEnv();
  const leaves = graph.nodes.filter((n) => n.inputs.length === 0).map((n) => n.id);
  const values = leafValues(graph, env, leaves, 3);
  const id = graph.names.get(name) as number;
  const out = new F64Evaluator(graph, env, values).run([id]).values.get(id) as F64Tensor;
  return { out, leaf: (n) => values.get(graph.names.get(n) as number) as F64Tensor };
}

describe('trace: normalisation layers compute what they are', () => {
  it('nn.BatchNorm1d on (N, C): each channel standardised over the batch, then scaled and shifted', async () => {
    const a = await analyze('import torch.nn as nn\nbn = nn.BatchNorm1d(4)\n# x: (8, 4)\ny = bn(x)\n', { language: 'python' });
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, [8, 4]);
    const { out, leaf } = evaluate(a.graph, 'y');
    const [x, w, b] = [leaf('x'), leaf('bn.weight'), leaf('bn.bias')];
    for (let c = 0; c < 4; c++) {
      const col = [...Array(8).keys()].map((i) => x.data[i * 4 + c]);
      const mean = col.reduce((s, v) => s + v, 0) / 8;
      const variance = col.reduce((s, v) => s + (v - mean) ** 2, 0) / 8;
      col.forEach((v, i) => {
        const expected = ((v - mean) / Math.sqrt(variance + 1e-5)) * w.data[c] + b.data[c];
        assert.ok(Math.abs(out.data[i * 4 + c] - expected) < 1e-12, `y[${i}, ${c}]`);
      });
    }
  });

  it('nn.BatchNorm2d keeps (C,) parameters for axis 1; nn.LayerNorm normalises the last axes with its eps', async () => {
    const a = await analyze('import torch.nn as nn\nbn = nn.BatchNorm2d(3)\nln = nn.LayerNorm((5, 5), eps=0.1)\n# x: (2, 3, 5, 5)\ny = ln(bn(x))\n', { language: 'python' });
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(a.graph.nodes[a.graph.names.get('bn.weight') as number].shape, [3]);
    assert.deepEqual(a.graph.nodes.filter((n) => /_norm$/.test(n.op)).map((n) => [n.op, n.attrs.axis ?? n.attrs.normalized, n.attrs.eps]), [['batch_norm', 1, 1e-5], ['layer_norm', [5, 5], 0.1]]);
    assert.equal(a.layers.find((l) => l.name === 'y')?.op, 'layer_norm');
    assert.deepEqual(a.graph.nodes[a.graph.names.get('ln.weight') as number].shape, [5, 5]);
    const { out, leaf } = evaluate(a.graph, 'y');
    const [w, b] = [leaf('ln.weight'), leaf('ln.bias')];
    // Each (n, c) plane of y, less its bias and over its weight, has mean 0.
    for (let plane = 0; plane < 6; plane++) {
      const z = [...Array(25).keys()].map((k) => (out.data[plane * 25 + k] - b.data[k]) / w.data[k]);
      const mean = z.reduce((s, v) => s + v, 0) / 25;
      assert.ok(Math.abs(mean) < 1e-9, `plane ${plane} mean ${mean}`);
    }
  });

  it('keras BatchNormalization standardises over every axis but the last', async () => {
    const a = await analyze('import keras\nfrom keras import layers\nmodel = keras.Sequential([layers.Dense(6, input_shape=(4,)), layers.BatchNormalization()])\n', { language: 'python' });
    assert.deepEqual(a.problems.filter((p) => p.severity === 'error'), []);
    const params = a.graph.nodes.filter((n) => n.leaf?.role === 'param' && /batch_normalization/.test(n.name ?? ''));
    assert.deepEqual(params.map((n) => n.shape), [[6], [6]]);
  });
});

describe('trace: GroupNorm', () => {
  it('standardises each group of channels over its channels and spatial axes, per sample', async () => {
    const a = await analyze('import torch.nn as nn\ngn = nn.GroupNorm(2, 4)\n# x: (3, 4, 2, 2)\ny = gn(x)\n', { language: 'python' });
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, [3, 4, 2, 2]);
    const { out, leaf } = evaluate(a.graph, 'y');
    const [x, w, b] = [leaf('x'), leaf('gn.weight'), leaf('gn.bias')];
    for (let n = 0; n < 3; n++) {
      for (let g = 0; g < 2; g++) {
        // Group g of sample n: channels 2g and 2g + 1, four pixels each.
        const at = (c: number, p: number) => ((n * 4 + c) * 4) + p;
        const idx = [2 * g, 2 * g + 1].flatMap((c) => [0, 1, 2, 3].map((p) => ({ c, i: at(c, p) })));
        const mean = idx.reduce((s, { i }) => s + x.data[i], 0) / 8;
        const variance = idx.reduce((s, { i }) => s + (x.data[i] - mean) ** 2, 0) / 8;
        for (const { c, i } of idx) {
          const expected = ((x.data[i] - mean) / Math.sqrt(variance + 1e-5)) * w.data[c] + b.data[c];
          assert.ok(Math.abs(out.data[i] - expected) < 1e-12, `y at ${i}`);
        }
      }
    }
  });

  it('says so, once, when the channels do not split into the groups', async () => {
    const a = await analyze('import torch.nn as nn\ngn = nn.GroupNorm(3, 4)\n# x: (3, 4, 2, 2)\ny = gn(x)\n', { language: 'python' });
    assert.equal(a.problems.filter((p) => /GroupNorm only when its channels/.test(p.message)).length, 1);
  });
});

/** (x − mean) / √(biased var + eps) of the entries `group` lists, written out in float64. */
function standardised(x: ArrayLike<number>, group: number[], eps: number): number[] {
  const mean = group.reduce((s, i) => s + x[i], 0) / group.length;
  const variance = group.reduce((s, i) => s + (x[i] - mean) ** 2, 0) / group.length;
  return group.map((i) => (x[i] - mean) / Math.sqrt(variance + eps));
}

describe('trace: the norm layers are the batch_norm and layer_norm ops, with the values of their definition', () => {
  it('a PyTorch module with BatchNorm1d then LayerNorm', async () => {
    const code = `import torch
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.bn = nn.BatchNorm1d(3)
        self.ln = nn.LayerNorm(3, eps=1e-3)
    def forward(self, x):
        h = self.bn(x)
        return self.ln(h)
net = Net()
x = torch.randn(5, 3)
y = net(x)
`;
    const a = await analyze(code, { language: 'python' });
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(a.graph.nodes.filter((n) => /norm/.test(n.op) || ['mean', 'sqrt', 'div'].includes(n.op)).map((n) => n.op), ['batch_norm', 'layer_norm']);
    assert.equal(a.layers.find((l) => l.name === 'h')?.op, 'batch_norm', 'the layer table names the op');
    const { out, leaf } = evaluate(a.graph, 'y');
    const x = leaf('x');
    const [bw, bb, lw, lb] = ['bn.weight', 'bn.bias', 'ln.weight', 'ln.bias'].map((n) => leaf(n).data);
    const h = new Float64Array(15);
    for (let c = 0; c < 3; c++) {
      const column = [0, 1, 2, 3, 4].map((i) => i * 3 + c);
      standardised(x.data, column, 1e-5).forEach((v, k) => (h[column[k]] = v * bw[c] + bb[c]));
    }
    for (let i = 0; i < 5; i++) {
      const row = [0, 1, 2].map((c) => i * 3 + c);
      standardised(h, row, 1e-3).forEach((v, c) => assert.ok(Math.abs(out.data[row[c]] - (v * lw[c] + lb[c])) < 1e-12, `y[${i}, ${c}]`));
    }
  });

  it('a Keras model with LayerNormalization: eps 0.001 over the last axis', async () => {
    const a = await analyze('import keras\nfrom keras import layers\nmodel = keras.Sequential([layers.Dense(6, input_shape=(4,)), layers.LayerNormalization()])\n', { language: 'python' });
    assert.deepEqual(a.problems.filter((p) => p.severity === 'error'), []);
    const norm = a.graph.nodes.find((n) => n.op === 'layer_norm');
    assert.ok(norm);
    assert.equal(norm.attrs.eps, 0.001);
    const [input, weight, bias] = norm.inputs.map((id) => a.graph.nodes[id]);
    assert.deepEqual([weight.shape, bias.shape], [[6], [6]]);
    const env = new NumericEnv();
    const leaves = a.graph.nodes.filter((n) => n.inputs.length === 0).map((n) => n.id);
    const run = new F64Evaluator(a.graph, env, leafValues(a.graph, env, leaves, 5)).run([norm.id]).values;
    const [h, w, b, out] = [input.id, weight.id, bias.id, norm.id].map((id) => run.get(id) as F64Tensor);
    const rows = h.shape[0];
    for (let i = 0; i < rows; i++) {
      const row = [...Array(6).keys()].map((c) => i * 6 + c);
      standardised(h.data, row, 0.001).forEach((v, c) => assert.ok(Math.abs(out.data[row[c]] - (v * w.data[c] + b.data[c])) < 1e-12, `row ${i}, unit ${c}`));
    }
  });
});

describe('trace: TensorFlow’s moments and batch_normalization', () => {
  it('tf.nn.moments then tf.nn.batch_normalization standardise each column with the batch statistics', async () => {
    const code = 'import tensorflow as tf\nx = tf.random.normal((6, 3))\ngamma = tf.random.normal((3,))\nbeta = tf.random.normal((3,))\nmean, var = tf.nn.moments(x, axes=[0])\ny = tf.nn.batch_normalization(x, mean, var, beta, gamma, 1e-3)\nz = tf.nn.batch_normalization(x, mean, var, None, None, variance_epsilon=1e-3)\n';
    const a = await analyze(code, { language: 'python' });
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, [6, 3]);
    const { out, leaf } = evaluate(a.graph, 'y');
    const plain = evaluate(a.graph, 'z').out;
    const [x, w, b] = [leaf('x'), leaf('gamma'), leaf('beta')];
    // The code's eps is a float32 constant (0.001 to about 5e-11), hence the tolerance.
    for (let c = 0; c < 3; c++) {
      const column = [0, 1, 2, 3, 4, 5].map((i) => i * 3 + c);
      standardised(x.data, column, 1e-3).forEach((v, k) => {
        assert.ok(Math.abs(out.data[column[k]] - (v * w.data[c] + b.data[c])) < 1e-9, `y[${k}, ${c}]`);
        assert.ok(Math.abs(plain.data[column[k]] - v) < 1e-9, `z[${k}, ${c}]`);
      });
    }
  });
});

describe('trace: norm layers without weight and bias', () => {
  it('affine=False and elementwise_affine=False make no parameters: the values are the standardised input', async () => {
    const a = await analyze('import torch.nn as nn\nbn = nn.BatchNorm1d(4, affine=False)\nln = nn.LayerNorm(4, elementwise_affine=False)\n# x: (8, 4)\nh = bn(x)\ny = ln(h)\n', { language: 'python' });
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(a.graph.nodes.filter((n) => n.leaf?.role === 'param').map((n) => n.name), []);
    const { out, leaf } = evaluate(a.graph, 'h');
    const x = leaf('x');
    for (let c = 0; c < 4; c++) {
      const column = [...Array(8).keys()].map((i) => i * 4 + c);
      standardised(x.data, column, 1e-5).forEach((v, k) => assert.ok(Math.abs(out.data[column[k]] - v) < 1e-12, `h[${k}, ${c}]`));
    }
  });
});
