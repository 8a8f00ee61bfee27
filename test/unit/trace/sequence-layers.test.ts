// Embedding, Conv1d, ConvTranspose2d, the recurrent layers and multi-head attention compute
// what they are: their values are checked against the definitions written out here with
// plain loops, and their gradients (TensorFlow.js autodiff) against finite differences.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { LossFunction } from '../../../src/core/check/reference';
import type { Graph } from '../../../src/core/ir/graph';
import { NumericEnv } from '../../../src/core/numeric/env';
import { F64Evaluator } from '../../../src/core/numeric/f64/evaluate';
import { fdCheck } from '../../../src/core/numeric/fd';
import { leafValues } from '../../../src/core/numeric/leaves';
import { Rng } from '../../../src/core/numeric/prng';
import type { F64Tensor } from '../../../src/core/numeric/tensor';
import { autodiff } from '../../../src/core/numeric/tfjs/autodiff';
import { loadTf } from '../../../src/core/numeric/tfjs/load';

const py = (text: string) => analyze(text, { language: 'python' });

/** The graph's float64 values: of `name`, and of every leaf by name. */
function evaluate(graph: Graph, name: string): { out: F64Tensor; leaf: (n: string) => F64Tensor; leaves: Map<number, F64Tensor> } {
  const env = new NumericEnv();
  const leaves = leafValues(graph, env, graph.nodes.filter((n) => n.inputs.length === 0).map((n) => n.id), 3);
  const id = graph.names.get(name);
  assert.ok(id !== undefined, `no node named ${name}`);
  const out = new F64Evaluator(graph, env, leaves).run([id]).values.get(id) as F64Tensor;
  return { out, leaf: (n) => leaves.get(graph.names.get(n) as number) as F64Tensor, leaves };
}

/** Row-major reader of a tensor: at(i, j, k). */
const reader = (t: F64Tensor) => (...index: number[]) => t.data[index.reduce((o, i, a) => o * t.shape[a] + i, 0)];

function assertClose(got: F64Tensor, want: (...index: number[]) => number, what: string, tolerance = 1e-10): void {
  const at = reader(got);
  const walk = (prefix: number[]): void => {
    if (prefix.length === got.shape.length) {
      const w = want(...prefix);
      assert.ok(Math.abs(at(...prefix) - w) <= tolerance * (1 + Math.abs(w)), `${what}[${prefix.join(', ')}]: ${at(...prefix)} vs ${w}`);
      return;
    }
    for (let i = 0; i < got.shape[prefix.length]; i++) walk([...prefix, i]);
  };
  walk([]);
}

/** The gradient of `loss` for each named parameter by autodiff (float32) agrees with central differences of the float64 graph. */
async function gradientsAgree(graph: Graph, loss: string, names: string[]): Promise<void> {
  const env = new NumericEnv();
  const id = (n: string) => {
    const found = graph.names.get(n);
    assert.ok(found !== undefined, `no node named ${n}`);
    return found;
  };
  const leaves = leafValues(graph, env, graph.nodes.filter((n) => n.inputs.length === 0).map((n) => n.id), 3);
  const fn = new LossFunction(new F64Evaluator(graph, env, leaves), id(loss));
  const ad = autodiff(await loadTf(), graph, env, leaves, id(loss), names.map(id));
  for (const name of names) {
    const grad = ad.grads.get(id(name)) as F64Tensor;
    assert.ok(grad.data.some((g) => g !== 0), `d${loss}/d${name} is all zeros`);
    const fd = fdCheck(fn.probe, [{ node: id(name), value: fn.base.get(id(name)) as F64Tensor, grad }], { rng: new Rng(11), precision: 'float32', directions: 2, samples: 2 });
    assert.ok(fd.ok, `d${loss}/d${name}: autodiff and finite differences disagree: ${JSON.stringify(fd.worst)}`);
  }
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

describe('trace: embedding layers', () => {
  it('nn.Embedding maps (N, T) integer ids to (N, T, D): row ids[n, t] of the table; its gradient adds into the rows read', async () => {
    const text = 'import torch\nimport torch.nn as nn\nemb = nn.Embedding(6, 4)\nids = torch.randint(0, 6, (3, 5))\ne = emb(ids)\nloss = (e * e).sum()\n';
    const a = await py(text);
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(a.layers.find((l) => l.name === 'e')?.shape, [3, 5, 4]);
    const { out, leaf } = evaluate(a.graph, 'e');
    const [ids, w] = [reader(leaf('ids')), reader(leaf('emb.weight'))];
    assertClose(out, (n, t, d) => w(ids(n, t), d), 'e');
    await gradientsAgree(a.graph, 'loss', ['emb.weight']);
  });

  it('F.embedding(ids, table) and keras Embedding read the same way', async () => {
    const f = await py('import torch.nn.functional as F\n# table: (10, 3)\n# ids: (N, 7)\ne = F.embedding(ids, table)\n');
    assert.deepEqual(f.layers.find((l) => l.name === 'e')?.shape, ['N', 7, 3]);
    // Ids declared by a comment take integer values below the table's size when the layer is computed.
    const declared = await py('import torch.nn as nn\nemb = nn.Embedding(4, 2)\n# tokens: (3, 6)\ne = emb(tokens)\n');
    const { out, leaf } = evaluate(declared.graph, 'e');
    const tokens = leaf('tokens');
    assert.ok(tokens.data.every((v) => Number.isInteger(v) && v >= 0 && v < 4), String(tokens.data));
    assert.ok(new Set(tokens.data).size > 1);
    const [ids, w] = [reader(tokens), reader(leaf('emb.weight'))];
    assertClose(out, (n, t, d) => w(ids(n, t), d), 'e');
    const k = await py('import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input(shape=(12,)), layers.Embedding(100, 8)])\n');
    assert.deepEqual(k.layers.find((l) => l.name === 'model.embedding')?.shape, ['?', 12, 8]);
    assert.ok(k.graph.names.has('embedding.embeddings'));
  });
});

describe('trace: Conv1d and ConvTranspose2d', () => {
  it('nn.Conv1d with stride and padding: (L + 2p − k) // s + 1 steps, the cross-correlation itself', async () => {
    const text = 'import torch.nn as nn\nconv = nn.Conv1d(2, 3, 3, stride=2, padding=1)\n# x: (2, 2, 7)\ny = conv(x)\nloss = (y * y).sum()\n';
    const a = await py(text);
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, [2, 3, 4]);
    const { out, leaf } = evaluate(a.graph, 'y');
    const [x, w, b] = [reader(leaf('x')), reader(leaf('conv.weight')), reader(leaf('conv.bias'))];
    assertClose(out, (n, o, t) => {
      let sum = b(o);
      for (let c = 0; c < 2; c++) for (let j = 0; j < 3; j++) {
        const i = 2 * t - 1 + j;
        if (i >= 0 && i < 7) sum += w(o, c, j) * x(n, c, i);
      }
      return sum;
    }, 'y');
    await gradientsAgree(a.graph, 'loss', ['conv.weight', 'conv.bias']);
  });

  it('nn.Conv1d with dilation and groups: each output channel reads its group, taps d apart', async () => {
    const text = 'import torch.nn as nn\nconv = nn.Conv1d(4, 6, 3, padding=1, dilation=2, groups=2)\n# x: (2, 4, 9)\ny = conv(x)\nloss = (y * y).sum()\n';
    const a = await py(text);
    assert.deepEqual(a.problems, []);
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, [2, 6, 7]);
    const { out, leaf } = evaluate(a.graph, 'y');
    const [x, w, b] = [reader(leaf('x')), reader(leaf('conv.weight')), reader(leaf('conv.bias'))];
    assertClose(out, (n, o, t) => {
      let sum = b(o);
      const group = Math.floor(o / 3);
      for (let c = 0; c < 2; c++) for (let j = 0; j < 3; j++) {
        const i = t - 1 + 2 * j;
        if (i >= 0 && i < 9) sum += w(o, c, j) * x(n, 2 * group + c, i);
      }
      return sum;
    }, 'y');
    await gradientsAgree(a.graph, 'loss', ['conv.weight', 'conv.bias']);
  });

  it('nn.Conv2d and keras Conv2D with dilation and groups: shapes, parameters, values and gradients', async () => {
    const torch = await py('import torch.nn as nn\nconv = nn.Conv2d(4, 6, 3, padding=1, dilation=2, groups=2)\n# x: (2, 4, 7, 6)\ny = conv(x)\nloss = (y * y).sum()\n');
    assert.deepEqual(torch.problems, []);
    assert.deepEqual(torch.layers.find((l) => l.name === 'y')?.shape, [2, 6, 5, 4]);
    const { out, leaf } = evaluate(torch.graph, 'y');
    assert.deepEqual(leaf('conv.weight').shape, [6, 2, 3, 3]);
    const [x, w, b] = [reader(leaf('x')), reader(leaf('conv.weight')), reader(leaf('conv.bias'))];
    assertClose(out, (n, o, r, q) => {
      let sum = b(o);
      const group = Math.floor(o / 3);
      for (let c = 0; c < 2; c++) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
        const [u, v] = [r - 1 + 2 * i, q - 1 + 2 * j];
        if (u >= 0 && u < 7 && v >= 0 && v < 6) sum += w(o, c, i, j) * x(n, 2 * group + c, u, v);
      }
      return sum;
    }, 'y');
    await gradientsAgree(torch.graph, 'loss', ['conv.weight', 'conv.bias']);

    const keras = await py('from keras import layers\nconv = layers.Conv2D(4, 2, dilation_rate=2, groups=2)\n# x: (1, 5, 5, 2)\ny = conv(x)\nloss = (y * y).sum()\n');
    assert.deepEqual(keras.problems, []);
    assert.deepEqual(keras.layers.find((l) => l.name === 'y')?.shape, [1, 3, 3, 4]);
    const k = evaluate(keras.graph, 'y');
    assert.deepEqual(k.leaf('conv.kernel').shape, [2, 2, 1, 4]);
    const [kx, kw, kb] = [reader(k.leaf('x')), reader(k.leaf('conv.kernel')), reader(k.leaf('conv.bias'))];
    assertClose(k.out, (n, r, q, f) => {
      let sum = kb(f);
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) sum += kw(i, j, 0, f) * kx(n, r + 2 * i, q + 2 * j, Math.floor(f / 2));
      return sum;
    }, 'y');
    await gradientsAgree(keras.graph, 'loss', ['conv.kernel', 'conv.bias']);
  });

  it('nn.Conv2d whose channels do not split into its groups says so', async () => {
    const a = await py('import torch.nn as nn\nconv = nn.Conv2d(5, 6, 3, groups=2)\n# x: (2, 5, 7, 7)\ny = conv(x)\n');
    assert.ok(a.problems.some((p) => p.code === 'shape-mismatch' && /5 input channels do not split into 2 groups/.test(p.message)), JSON.stringify(a.problems));
  });

  it('keras Conv1D (N, L, C) with SAME padding keeps the length; a symbolic length stays symbolic', async () => {
    const a = await py('import keras\nfrom keras import layers\ninp = keras.Input(shape=(9, 4))\nh = layers.Conv1D(5, 3, padding="same")(inp)\nconv = nn.Conv1d(4, 6, 5)\n# s: (N, 4, T)\nz = conv(s)\n');
    assert.deepEqual(a.layers.find((l) => l.name === 'h')?.shape, ['?', 9, 5]);
    assert.deepEqual(a.layers.find((l) => l.name === 'z')?.shape, ['N', 6, 'T-4']);
    const k = await py('from keras import layers\nconv = layers.Conv1D(3, 2)\n# x: (2, 5, 2)\ny = conv(x)\n');
    const { out, leaf } = evaluate(k.graph, 'y');
    const [x, w, b] = [reader(leaf('x')), reader(leaf('conv.kernel')), reader(leaf('conv.bias'))];
    assertClose(out, (n, t, f) => b(f) + [0, 1].reduce((s, j) => s + [0, 1].reduce((u, c) => u + w(j, c, f) * x(n, t + j, c), 0), 0), 'y');
  });

  it('nn.ConvTranspose2d: each input pixel adds its kernel-weighted patch at s·i − p; output_padding lengthens the end', async () => {
    const text = 'import torch.nn as nn\nup = nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1)\n# x: (2, 2, 3, 3)\ny = up(x)\nloss = (y * y).sum()\n';
    const a = await py(text);
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, [2, 3, 6, 6]);
    const { out, leaf } = evaluate(a.graph, 'y');
    const [x, w, b] = [reader(leaf('x')), reader(leaf('up.weight')), reader(leaf('up.bias'))];
    assertClose(out, (n, o, r, q) => {
      let sum = b(o);
      for (let c = 0; c < 2; c++) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
        const [ka, kb] = [r + 1 - 2 * i, q + 1 - 2 * j];
        if (ka >= 0 && ka < 3 && kb >= 0 && kb < 3) sum += x(n, c, i, j) * w(c, o, ka, kb);
      }
      return sum;
    }, 'y');
    await gradientsAgree(a.graph, 'loss', ['up.weight']);
  });

  it('keras Conv2DTranspose: valid gives n·s + max(k − s, 0), same n·s cropped as TensorFlow crops', async () => {
    const a = await py('from keras import layers\nup = layers.Conv2DTranspose(2, 3, strides=2, padding="same")\nvalid = layers.Conv2DTranspose(2, 3, strides=2)\n# x: (1, 3, 3, 2)\ny = up(x)\nv = valid(x)\n');
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, [1, 6, 6, 2]);
    assert.deepEqual(a.layers.find((l) => l.name === 'v')?.shape, [1, 7, 7, 2]);
    for (const [name, layer, crop] of [['y', 'up', 0], ['v', 'valid', 0]] as const) {
      const { out, leaf } = evaluate(a.graph, name);
      const [x, w, b] = [reader(leaf('x')), reader(leaf(`${layer}.kernel`)), reader(leaf(`${layer}.bias`))];
      assertClose(out, (n, r, q, f) => {
        let sum = b(f);
        for (let c = 0; c < 2; c++) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
          const [ka, kb] = [r + crop - 2 * i, q + crop - 2 * j];
          if (ka >= 0 && ka < 3 && kb >= 0 && kb < 3) sum += x(n, i, j, c) * w(ka, kb, f, c);
        }
        return sum;
      }, name);
    }
  });

  it('reports a channel mismatch naming the layer, the input and its shape', async () => {
    const a = await py('import torch.nn as nn\nconv = nn.Conv1d(16, 8, 3)\n# x: (N, 12, 50)\ny = conv(x)\nup = nn.ConvTranspose2d(4, 2, 2)\n# z: (N, 3, 5, 5)\nw = up(z)\n');
    const messages = a.problems.filter((p) => p.code === 'linear-input-mismatch').map((p) => [a.layers.length >= 0 && p.span.start, p.message]);
    assert.equal(messages.length, 2);
    assert.match(String(messages[0][1]), /Conv1d conv expects 16 input channels, but x is \(N, 12, 50\)/);
    assert.match(String(messages[1][1]), /ConvTranspose2d up expects 4 input channels, but z is \(N, 3, 5, 5\)/);
  });
});

describe('trace: recurrent layers', () => {
  it('nn.LSTM (batch_first): out (N, T, H), h and c (1, N, H); the PyTorch equations unrolled', async () => {
    const text = 'import torch.nn as nn\nlstm = nn.LSTM(3, 2, batch_first=True)\n# x: (2, 4, 3)\nout, (h, c) = lstm(x)\nloss = (out * out).sum() + (c * c).sum()\n';
    const a = await py(text);
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    const shapes = Object.fromEntries(a.layers.filter((l) => l.line === 4).map((l) => [l.name, l.shape]));
    assert.deepEqual(shapes, { out: [2, 4, 2], h: [1, 2, 2], c: [1, 2, 2] });
    const { out, leaf } = evaluate(a.graph, 'out');
    const [x, wi, wh, bi, bh] = [leaf('x'), leaf('lstm.weight_ih_l0'), leaf('lstm.weight_hh_l0'), leaf('lstm.bias_ih_l0'), leaf('lstm.bias_hh_l0')].map(reader);
    const expected: number[][][] = [];
    for (let n = 0; n < 2; n++) {
      let [h, c] = [[0, 0], [0, 0]];
      expected.push([]);
      for (let t = 0; t < 4; t++) {
        const g = [...Array(8).keys()].map((r) => bi(r) + bh(r) + [0, 1, 2].reduce((s, d) => s + wi(r, d) * x(n, t, d), 0) + [0, 1].reduce((s, k) => s + wh(r, k) * h[k], 0));
        c = [0, 1].map((k) => sigmoid(g[2 + k]) * c[k] + sigmoid(g[k]) * Math.tanh(g[4 + k]));
        h = [0, 1].map((k) => sigmoid(g[6 + k]) * Math.tanh(c[k]));
        expected[n].push(h);
      }
    }
    assertClose(out, (n, t, k) => expected[n][t][k], 'out');
    await gradientsAgree(a.graph, 'loss', ['lstm.weight_ih_l0', 'lstm.weight_hh_l0', 'lstm.bias_hh_l0']);
  });

  it('nn.GRU: time first, two layers, bidirectional: out (T, N, 2H), h (4, N, H); the equations unrolled', async () => {
    const text = 'import torch.nn as nn\ngru = nn.GRU(2, 3, num_layers=2, bidirectional=True)\n# x: (4, 2, 2)\nout, h = gru(x)\n';
    const a = await py(text);
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(a.layers.find((l) => l.name === 'out')?.shape, [4, 2, 6]);
    assert.deepEqual(a.layers.find((l) => l.name === 'h')?.shape, [4, 2, 3]);
    assert.deepEqual(a.graph.nodes[a.graph.names.get('gru.weight_ih_l1_reverse') as number].shape, [9, 6]);
    const { out, leaf } = evaluate(a.graph, 'out');
    const x = reader(leaf('x'));
    // One direction of one layer over inputs[t] (each a vector of `inSize`), in the given time order.
    const run = (tag: string, inputs: number[][], order: number[]) => {
      const [wi, wh, bi, bh] = ['weight_ih_', 'weight_hh_', 'bias_ih_', 'bias_hh_'].map((p) => reader(leaf(`gru.${p}${tag}`)));
      const outs: number[][] = [];
      let h = [0, 0, 0];
      for (const t of order) {
        const gi = [...Array(9).keys()].map((r) => bi(r) + inputs[t].reduce((s, v, d) => s + wi(r, d) * v, 0));
        const gh = [...Array(9).keys()].map((r) => bh(r) + h.reduce((s, v, k) => s + wh(r, k) * v, 0));
        const r = [0, 1, 2].map((k) => sigmoid(gi[k] + gh[k]));
        const z = [0, 1, 2].map((k) => sigmoid(gi[3 + k] + gh[3 + k]));
        const cand = [0, 1, 2].map((k) => Math.tanh(gi[6 + k] + r[k] * gh[6 + k]));
        h = [0, 1, 2].map((k) => (1 - z[k]) * cand[k] + z[k] * h[k]);
        outs[t] = h;
      }
      return outs;
    };
    const [forward, backward] = [[0, 1, 2, 3], [3, 2, 1, 0]];
    for (let n = 0; n < 2; n++) {
      const input = [0, 1, 2, 3].map((t) => [x(t, n, 0), x(t, n, 1)]);
      const first = [run('l0', input, forward), run('l0_reverse', input, backward)];
      const between = [0, 1, 2, 3].map((t) => [...first[0][t], ...first[1][t]]);
      const second = [run('l1', between, forward), run('l1_reverse', between, backward)];
      const at = reader(out);
      for (let t = 0; t < 4; t++) for (let k = 0; k < 6; k++) {
        const want = k < 3 ? second[0][t][k] : second[1][t][k - 3];
        assert.ok(Math.abs(at(t, n, k) - want) < 1e-10, `out[${t}, ${n}, ${k}]: ${at(t, n, k)} vs ${want}`);
      }
    }
  });

  it('keras LSTM / GRU / SimpleRNN: the last step, or all with return_sequences; return_state adds the states', async () => {
    const text = 'import keras\nfrom keras import layers\ninp = keras.Input(shape=(6, 5))\nseq, h, c = layers.LSTM(4, return_sequences=True, return_state=True)(inp)\nlast = layers.GRU(3)(seq)\nr, rh = layers.SimpleRNN(2, return_state=True)(seq)\n';
    const a = await py(text);
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    const shape = (n: string) => a.layers.find((l) => l.name === n)?.shape;
    assert.deepEqual([shape('seq'), shape('h'), shape('c'), shape('last'), shape('r'), shape('rh')], [['?', 6, 4], ['?', 4], ['?', 4], ['?', 3], ['?', 2], ['?', 2]]);
    assert.deepEqual(a.graph.nodes[a.graph.names.get('gru.bias') as number].shape, [2, 9]);
  });

  it('keras GRU: z, r, h gates with the reset applied after the recurrent product', async () => {
    const a = await py('from keras import layers\ngru = layers.GRU(2)\n# x: (1, 3, 2)\ny = gru(x)\n');
    const { out, leaf } = evaluate(a.graph, 'y');
    const [x, k, u, b] = [reader(leaf('x')), reader(leaf('gru.kernel')), reader(leaf('gru.recurrent_kernel')), reader(leaf('gru.bias'))];
    let h = [0, 0];
    for (let t = 0; t < 3; t++) {
      const gi = [...Array(6).keys()].map((j) => b(0, j) + [0, 1].reduce((s, d) => s + x(0, t, d) * k(d, j), 0));
      const gh = [...Array(6).keys()].map((j) => b(1, j) + [0, 1].reduce((s, d) => s + h[d] * u(d, j), 0));
      const z = [0, 1].map((m) => sigmoid(gi[m] + gh[m]));
      const r = [0, 1].map((m) => sigmoid(gi[2 + m] + gh[2 + m]));
      const cand = [0, 1].map((m) => Math.tanh(gi[4 + m] + r[m] * gh[4 + m]));
      h = [0, 1].map((m) => z[m] * h[m] + (1 - z[m]) * cand[m]);
    }
    assertClose(out, (_, m) => h[m], 'y');
  });

  it('keras Bidirectional: each direction\'s last state, concatenated; return_state gives both directions\' states', async () => {
    const a = await py('from keras import layers\nrnn = layers.Bidirectional(layers.SimpleRNN(2))\n# x: (1, 3, 2)\ny = rnn(x)\nloss = (y * y).sum()\n');
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, [1, 4]);
    const { out, leaf } = evaluate(a.graph, 'y');
    const x = reader(leaf('x'));
    const last = (direction: string, order: number[]) => {
      const [k, u, b] = ['kernel', 'recurrent_kernel', 'bias'].map((p) => reader(leaf(`rnn.${direction}_simple_rnn.${p}`)));
      let h = [0, 0];
      for (const t of order) h = [0, 1].map((m) => Math.tanh(b(m) + [0, 1].reduce((s, d) => s + x(0, t, d) * k(d, m) + h[d] * u(d, m), 0)));
      return h;
    };
    const want = [...last('forward', [0, 1, 2]), ...last('backward', [2, 1, 0])];
    assertClose(out, (_, j) => want[j], 'y');
    await gradientsAgree(a.graph, 'loss', ['rnn.backward_simple_rnn.recurrent_kernel']);
    const states = await py('import keras\nfrom keras import layers\nx = keras.Input(shape=(5, 3))\no, fh, fc, bh, bc = layers.Bidirectional(layers.LSTM(6, return_state=True))(x)\n');
    assert.deepEqual(['o', 'fh', 'fc', 'bh', 'bc'].map((n) => states.layers.find((l) => l.name === n)?.shape), [['?', 12], ['?', 6], ['?', 6], ['?', 6], ['?', 6]]);
  });

  it('reports an input size that does not match input_size, and a symbolic number of steps keeps the shapes without values', async () => {
    const bad = await py('import torch.nn as nn\nrnn = nn.RNN(10, 20, batch_first=True)\n# x: (N, T, 12)\nout, h = rnn(x)\n');
    const errors = bad.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /RNN rnn expects 10 input features, but x is \(N, T, 12\)/);
    const symbolic = await py('import torch.nn as nn\nrnn = nn.RNN(10, 20, batch_first=True)\n# x: (N, T, 10)\nout, h = rnn(x)\n');
    assert.deepEqual(symbolic.layers.find((l) => l.name === 'out')?.shape, ['N', 'T', 20]);
    assert.deepEqual(symbolic.layers.find((l) => l.name === 'h')?.shape, [1, 'N', 20]);
    const notes = symbolic.problems.filter((p) => p.code === 'unsupported-op');
    assert.equal(notes.length, 1);
    assert.match(notes[0].message, /not compute its values when the number of time steps is not a number/);
  });
});

describe('trace: multi-head attention', () => {
  it('nn.MultiheadAttention (batch_first): out (N, L, E) and head-averaged weights (N, L, S), as the definition computes them', async () => {
    const text = 'import torch.nn as nn\nattn = nn.MultiheadAttention(4, 2, batch_first=True)\n# q: (2, 3, 4)\n# kv: (2, 5, 4)\nout, w = attn(q, kv, kv)\nloss = (out * out).sum()\n';
    const a = await py(text);
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(a.layers.find((l) => l.name === 'out')?.shape, [2, 3, 4]);
    assert.deepEqual(a.layers.find((l) => l.name === 'w')?.shape, [2, 3, 5]);
    const { out, leaf } = evaluate(a.graph, 'out');
    const weights = evaluate(a.graph, 'w').out;
    const [q, kv, win, bin, wout, bout] = [leaf('q'), leaf('kv'), leaf('attn.in_proj_weight'), leaf('attn.in_proj_bias'), leaf('attn.out_proj.weight'), leaf('attn.out_proj.bias')].map(reader);
    const project = (src: (n: number, t: number, d: number) => number, part: number, n: number, t: number) => [0, 1, 2, 3].map((e) => bin(4 * part + e) + [0, 1, 2, 3].reduce((s, d) => s + win(4 * part + e, d) * src(n, t, d), 0));
    for (let n = 0; n < 2; n++) {
      const Q = [0, 1, 2].map((t) => project(q, 0, n, t));
      const K = [0, 1, 2, 3, 4].map((t) => project(kv, 1, n, t));
      const V = [0, 1, 2, 3, 4].map((t) => project(kv, 2, n, t));
      for (let l = 0; l < 3; l++) {
        const mixed = [0, 0, 0, 0];
        const averaged = [0, 0, 0, 0, 0];
        for (let head = 0; head < 2; head++) {
          const dims = [2 * head, 2 * head + 1];
          const scores = K.map((k) => dims.reduce((s, e) => s + Q[l][e] * k[e], 0) / Math.sqrt(2));
          const m = Math.max(...scores);
          const exp = scores.map((v) => Math.exp(v - m));
          const total = exp.reduce((s, v) => s + v, 0);
          exp.forEach((v, s) => {
            averaged[s] += v / total / 2;
            for (const e of dims) mixed[e] += (v / total) * V[s][e];
          });
        }
        // 1/√d is a constant, held as float32 like every constant of the graph: 1e-7, not 1e-10.
        for (let e = 0; e < 4; e++) {
          const want = bout(e) + mixed.reduce((s, v, j) => s + wout(e, j) * v, 0);
          assert.ok(Math.abs(reader(out)(n, l, e) - want) < 1e-7, `out[${n}, ${l}, ${e}]: ${reader(out)(n, l, e)} vs ${want}`);
        }
        averaged.forEach((v, s) => assert.ok(Math.abs(reader(weights)(n, l, s) - v) < 1e-7, `w[${n}, ${l}, ${s}]`));
      }
    }
    await gradientsAgree(a.graph, 'loss', ['attn.in_proj_weight', 'attn.out_proj.weight']);
  });

  it('time-first inputs, per-head weights, need_weights=False, and keras MultiHeadAttention with its scores', async () => {
    const a = await py('import torch.nn as nn\nattn = nn.MultiheadAttention(8, 4)\n# s: (10, N, 8)\na1, w1 = attn(s, s, s, average_attn_weights=False)\na2, w2 = attn(s, s, s, need_weights=False)\n');
    const shape = (n: string) => a.layers.find((l) => l.name === n)?.shape;
    assert.deepEqual([shape('a1'), shape('w1'), shape('a2'), shape('w2')], [[10, 'N', 8], ['N', 4, 10, 10], [10, 'N', 8], undefined]);
    // Unbatched (L, E) inputs, for attention and for an LSTM.
    const single = await py('import torch.nn as nn\nattn = nn.MultiheadAttention(8, 2)\nlstm = nn.LSTM(8, 3)\n# s: (5, 8)\na, w = attn(s, s, s)\nout, (h, c) = lstm(s)\n');
    assert.deepEqual(single.problems.filter((p) => p.severity !== 'info'), []);
    assert.deepEqual(['a', 'w', 'out', 'h'].map((n) => single.layers.find((l) => l.name === n)?.shape), [[5, 8], [5, 5], [5, 3], [1, 3]]);
    const k = await py('import keras\nfrom keras import layers\nx = keras.Input(shape=(7, 6))\nctx = keras.Input(shape=(9, 5))\nout, scores = layers.MultiHeadAttention(num_heads=3, key_dim=4)(x, ctx, return_attention_scores=True)\n');
    const kshape = (n: string) => k.layers.find((l) => l.name === n)?.shape;
    assert.deepEqual([kshape('out'), kshape('scores')], [['?', 7, 6], ['?', 3, 7, 9]]);
    assert.deepEqual(k.problems.filter((p) => p.severity !== 'info'), []);
  });

  it('reports an embedding size that does not match, and one that does not split into the heads', async () => {
    const a = await py('import torch.nn as nn\nattn = nn.MultiheadAttention(16, 4, batch_first=True)\n# x: (N, 10, 12)\nout, w = attn(x, x, x)\n');
    assert.match(a.problems.find((p) => p.severity === 'error')?.message ?? '', /MultiheadAttention attn expects 16 embedding features, but x is \(N, 10, 12\)/);
    const b = await py('import torch.nn as nn\nattn = nn.MultiheadAttention(10, 4, batch_first=True)\n# x: (N, 3, 10)\nout, w = attn(x, x, x)\n');
    assert.match(b.problems.find((p) => p.severity === 'error')?.message ?? '', /embed_dim 10 does not split into 4 heads/);
  });
});
