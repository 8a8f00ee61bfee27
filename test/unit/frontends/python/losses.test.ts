// PyTorch's and Keras's losses are written as the ops they are made of: each is checked for
// its shape and for the value the library defines, computed here with plain float64 loops
// over the small literal inputs below.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../../src/core/analyze';
import type { Analysis } from '../../../../src/core/analysis';
import { NumericEnv } from '../../../../src/core/numeric/env';
import { F64Evaluator } from '../../../../src/core/numeric/f64/evaluate';
import { leafValues } from '../../../../src/core/numeric/leaves';
import type { F64Tensor } from '../../../../src/core/numeric/tensor';
import { assigned, parse, show } from './helpers';

const WRITTEN = {
  x: [
    [0.5, -1.2, 2.0],
    [1.5, 0.3, -0.7],
  ],
  t: [
    [0.2, 0.9, 0.4],
    [0.6, 0.1, 0.8],
  ],
  p: [
    [0.3, 0.6, 0.9],
    [0.8, 0.25, 0.1],
  ],
};
// A literal holds the float32 nearest each number written, as the tensors do.
const [X, T, P] = [WRITTEN.x, WRITTEN.t, WRITTEN.p].map((m) => m.map((row) => row.map(Math.fround)));
const Y = [2, 0];
const HEAD = [
  'import torch',
  'import torch.nn as nn',
  'import torch.nn.functional as F',
  'import tensorflow as tf',
  `x = torch.tensor(${JSON.stringify(WRITTEN.x)})`,
  `t = torch.tensor(${JSON.stringify(WRITTEN.t)})`,
  `p = torch.tensor(${JSON.stringify(WRITTEN.p)})`,
  `y = torch.tensor(${JSON.stringify(Y)})`,
].join('\n');

async function run(lines: string): Promise<Analysis> {
  const a = await analyze(`${HEAD}\n${lines}\n`, { language: 'python' });
  assert.deepEqual(
    a.problems.filter((p) => p.severity !== 'info').map((p) => p.message),
    [],
  );
  return a;
}

function value(a: Analysis, name: string): F64Tensor {
  const env = new NumericEnv();
  const leaves = a.graph.nodes.filter((n) => n.inputs.length === 0).map((n) => n.id);
  const id = a.graph.names.get(name);
  assert.ok(id !== undefined, `no node named ${name}`);
  return new F64Evaluator(a.graph, env, leafValues(a.graph, env, leaves)).run([id]).values.get(id) as F64Tensor;
}

/** The shape and values of `name = <source>`. */
async function evaluate(source: string): Promise<{ shape: unknown; data: number[] }> {
  const a = await run(`r = ${source}`);
  const v = value(a, 'r');
  return { shape: a.layers.find((l) => l.name === 'r')?.shape, data: [...v.data] };
}

function close(actual: number[], expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 1e-12 * Math.max(1, Math.abs(expected[i])), `${what}[${i}]: ${v}, expected ${expected[i]}`));
}

// Plain loops over the literals.
const each = (f: (x: number, t: number, i: number, j: number) => number): number[] => X.flatMap((row, i) => row.map((x, j) => f(x, T[i][j], i, j)));
const total = (v: number[]) => v.reduce((s, a) => s + a, 0);
const average = (v: number[]) => total(v) / v.length;
const logSoftmaxRow = (row: number[]) => {
  const m = Math.max(...row);
  const lse = m + Math.log(total(row.map((v) => Math.exp(v - m))));
  return row.map((v) => v - lse);
};
const huber = (d: number, delta: number) => (d < delta ? 0.5 * d * d : delta * (d - 0.5 * delta));
const bceLogits = (x: number, t: number) => -(t * Math.log(1 / (1 + Math.exp(-x))) + (1 - t) * Math.log(1 - 1 / (1 + Math.exp(-x))));

describe('python: losses written as their ops', () => {
  it('F.mse_loss, F.l1_loss and nn.MSELoss under each reduction', async () => {
    const sq = each((x, t) => (x - t) ** 2);
    const ab = each((x, t) => Math.abs(x - t));
    const cases: [string, unknown, number[]][] = [
      ['F.mse_loss(x, t)', [], [average(sq)]],
      ["F.mse_loss(x, t, reduction='sum')", [], [total(sq)]],
      ["F.mse_loss(x, t, reduction='none')", [2, 3], sq],
      ['F.l1_loss(x, t)', [], [average(ab)]],
      ["nn.MSELoss(reduction='sum')(x, t)", [], [total(sq)]],
      // The reduction as PyTorch once spelled it, still in tutorials.
      ['F.mse_loss(x, t, size_average=False)', [], [total(sq)]],
      ['nn.MSELoss(reduce=False)(x, t)', [2, 3], sq],
      ['nn.L1Loss()(x, t)', [], [average(ab)]],
    ];
    for (const [source, shape, expected] of cases) {
      const r = await evaluate(source);
      assert.deepEqual(r.shape, shape, source);
      close(r.data, expected, source);
    }
  });

  it('F.smooth_l1_loss (beta) and F.huber_loss (delta)', async () => {
    const d = each((x, t) => Math.abs(x - t));
    const cases: [string, number[]][] = [
      ['F.smooth_l1_loss(x, t)', [average(d.map((v) => huber(v, 1)))]],
      ['F.smooth_l1_loss(x, t, beta=0.5)', [average(d.map((v) => huber(v, 0.5) / 0.5))]],
      ['F.smooth_l1_loss(x, t, beta=0.0)', [average(d)]],
      ["F.huber_loss(x, t, delta=0.75, reduction='sum')", [total(d.map((v) => huber(v, 0.75)))]],
      ['nn.HuberLoss(delta=2.0)(x, t)', [average(d.map((v) => huber(v, 2)))]],
      ['nn.SmoothL1Loss(beta=0.25)(x, t)', [average(d.map((v) => huber(v, 0.25) / 0.25))]],
    ];
    for (const [source, expected] of cases) close((await evaluate(source)).data, expected, source);
  });

  it('binary cross-entropy of probabilities and of logits, with weight and pos_weight', async () => {
    const bce = P.flatMap((row, i) => row.map((p, j) => -(T[i][j] * Math.log(p) + (1 - T[i][j]) * Math.log(1 - p))));
    const logits = each(bceLogits);
    const w = [0.5, 2.0, 1.5];
    // PyTorch: pos_weight scales the positive term, −(w·t·log σ(x) + (1 − t)·log(1 − σ(x))).
    const positive = each((x, t, _i, j) => -(w[j] * t * Math.log(1 / (1 + Math.exp(-x))) + (1 - t) * Math.log(1 - 1 / (1 + Math.exp(-x)))));
    const cases: [string, number[]][] = [
      ["F.binary_cross_entropy(p, t, reduction='sum')", [total(bce)]],
      ['nn.BCELoss()(p, t)', [average(bce)]],
      [`F.binary_cross_entropy(p, t, weight=torch.tensor(${JSON.stringify(w)}))`, [average(bce.map((v, k) => v * w[k % 3]))]],
      ['F.binary_cross_entropy_with_logits(x, t)', [average(logits)]],
      ["nn.BCEWithLogitsLoss(reduction='none')(x, t)", logits],
      [`F.binary_cross_entropy_with_logits(x, t, pos_weight=torch.tensor(${JSON.stringify(w)}))`, [average(positive)]],
    ];
    for (const [source, expected] of cases) close((await evaluate(source)).data, expected, source);
  });

  it('the logits form stays finite where sigmoid saturates', async () => {
    const r = await evaluate('F.binary_cross_entropy_with_logits(torch.tensor([800.0, -800.0]), torch.tensor([0.0, 1.0]))');
    close(r.data, [800], 'saturated');
  });

  it('F.nll_loss picks each row at its class; F.cross_entropy with reduction, label_smoothing and weight', async () => {
    const W = [0.5, 2, 1.25];
    const logProbs = X.map(logSoftmaxRow);
    const picked = Y.map((c, i) => -logProbs[i][c]);
    const uniform = logProbs.map((row) => -average(row));
    const smooth = (e: number) => picked.map((v, i) => (1 - e) * v + e * uniform[i]);
    const cases: [string, unknown, number[]][] = [
      ['F.nll_loss(F.log_softmax(x, dim=1), y)', [], [average(picked)]],
      ["nn.NLLLoss(reduction='none')(F.log_softmax(x, dim=1), y)", [2], picked],
      ['F.cross_entropy(x, y)', [], [average(picked)]],
      ["F.cross_entropy(x, y, reduction='sum')", [], [total(picked)]],
      ["F.cross_entropy(x, y, reduction='none')", [2], picked],
      ['F.cross_entropy(x, y, label_smoothing=0.125)', [], [average(smooth(0.125))]],
      ["nn.CrossEntropyLoss(label_smoothing=0.25, reduction='none')(x, y)", [2], smooth(0.25)],
      // Class weights: w[y]·l per row, and the mean divides by Σ w[y].
      [`F.cross_entropy(x, y, weight=torch.tensor(${JSON.stringify(W)}))`, [], [total(picked.map((v, i) => W[Y[i]] * v)) / total(Y.map((c) => W[c]))]],
      [`nn.NLLLoss(weight=torch.tensor(${JSON.stringify(W)}), reduction='sum')(F.log_softmax(x, dim=1), y)`, [], [total(picked.map((v, i) => W[Y[i]] * v))]],
      [`F.nll_loss(F.log_softmax(x, dim=1), y, weight=torch.tensor(${JSON.stringify(W)}), reduction='none')`, [2], picked.map((v, i) => W[Y[i]] * v)],
    ];
    for (const [source, shape, expected] of cases) {
      const r = await evaluate(source);
      assert.deepEqual(r.shape, shape, source);
      close(r.data, expected, source);
    }
  });

  it("F.kl_div of log-probabilities: the mean, 'batchmean' and log_target", async () => {
    const logQ = X.map(logSoftmaxRow);
    const pt = P.map((row) => row.map((v) => v / total(row)));
    const point = pt.flatMap((row, i) => row.map((t, j) => t * (Math.log(t) - logQ[i][j])));
    const cases: [string, number[]][] = [
      ['F.kl_div(F.log_softmax(x, dim=1), p / p.sum(dim=1, keepdim=True))', [average(point)]],
      ["F.kl_div(F.log_softmax(x, dim=1), p / p.sum(dim=1, keepdim=True), reduction='batchmean')", [total(point) / 2]],
      ["nn.KLDivLoss(reduction='batchmean', log_target=True)(F.log_softmax(x, dim=1), torch.log(p / p.sum(dim=1, keepdim=True)))", [total(point) / 2]],
      ["F.kl_div(F.log_softmax(x, dim=1), torch.tensor([[0.0, 1.0, 0.0], [0.5, 0.5, 0.0]]), reduction='sum')", [-logQ[0][1] + 0.5 * (Math.log(0.5) - logQ[1][0]) + 0.5 * (Math.log(0.5) - logQ[1][1])]],
    ];
    for (const [source, expected] of cases) close((await evaluate(source)).data, expected, source);
  });

  it('F.cosine_similarity and F.normalize along an axis', async () => {
    const norm = (v: number[]) => Math.sqrt(total(v.map((a) => a * a)));
    const rows = X.map((row, i) => total(row.map((a, j) => a * T[i][j])) / (norm(row) * norm(T[i])));
    const columns = [0, 1, 2].map((j) => {
      const [a, b] = [X.map((r) => r[j]), T.map((r) => r[j])];
      return total(a.map((v, i) => v * b[i])) / (norm(a) * norm(b));
    });
    const unit = X.flatMap((row) => row.map((a) => a / norm(row)));
    const cases: [string, unknown, number[]][] = [
      ['F.cosine_similarity(x, t)', [2], rows],
      ['F.cosine_similarity(x, t, dim=0)', [3], columns],
      ['nn.CosineSimilarity(dim=0)(x, t)', [3], columns],
      ['F.normalize(x, dim=1)', [2, 3], unit],
      ['F.normalize(x)', [2, 3], unit],
      ['F.normalize(x, p=1, dim=1)', [2, 3], X.flatMap((row) => row.map((a) => a / total(row.map(Math.abs))))],
    ];
    for (const [source, shape, expected] of cases) {
      const r = await evaluate(source);
      assert.deepEqual(r.shape, shape, source);
      close(r.data, expected, source);
    }
    // A zero row is held away from 0 by eps: the result is 0, not NaN.
    close((await evaluate('F.normalize(torch.tensor([[0.0, 0.0], [3.0, 4.0]]))')).data, [0, 0, 0.6, 0.8], 'zero row');
  });

  it('Keras: per-sample functions and the classes that average them, of logits and of probabilities', async () => {
    const perSample = (v: number[]) => [average(v.slice(0, 3)), average(v.slice(3))];
    const sq = each((x, t) => (x - t) ** 2);
    const bce = P.flatMap((row, i) => row.map((p, j) => -(T[i][j] * Math.log(p) + (1 - T[i][j]) * Math.log(1 - p))));
    const logProbs = X.map(logSoftmaxRow);
    const categorical = T.map((row, i) => -total(row.map((t, j) => t * logProbs[i][j])));
    const sparse = Y.map((c, i) => -logProbs[i][c]);
    const normalised = P.map((row) => row.map((v) => Math.log(v / total(row))));
    const cases: [string, unknown, number[]][] = [
      ['tf.keras.losses.mean_squared_error(t, x)', [2], perSample(sq)],
      ['tf.keras.losses.mse(t, x)', [2], perSample(sq)],
      ['tf.keras.losses.MeanSquaredError()(t, x)', [], [average(sq)]],
      ["tf.keras.losses.MeanSquaredError(reduction='sum')(t, x)", [], [total(perSample(sq))]],
      ['tf.keras.losses.BinaryCrossentropy()(t, p)', [], [average(bce)]],
      ['tf.keras.losses.BinaryCrossentropy(from_logits=True)(t, x)', [], [average(each(bceLogits))]],
      ['tf.keras.losses.CategoricalCrossentropy(from_logits=True)(t, x)', [], [average(categorical)]],
      ['tf.keras.losses.categorical_crossentropy(t, p)', [2], T.map((row, i) => -total(row.map((t, j) => t * normalised[i][j])))],
      ['tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, x)', [], [average(sparse)]],
      ['tf.keras.losses.sparse_categorical_crossentropy(y, p)', [2], Y.map((c, i) => -normalised[i][c])],
      ['tf.keras.losses.MeanSquaredError(reduction=tf.keras.losses.Reduction.SUM)(t, x)', [], [total(perSample(sq))]],
      // (N,) labels against (N, 1) outputs: compared entry by entry, not broadcast to (N, N).
      ['tf.keras.losses.MeanSquaredError()(tf.constant([1.0, 0.0]), x[:, 0:1])', [], [average([(X[0][0] - 1) ** 2, X[1][0] ** 2])]],
      // Smoothing ε: binary targets t·(1 − ε) + ε/2, categorical ones y·(1 − ε) + ε/C (a constant, held as float32).
      ['tf.keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.25)(t, x)', [], [average(each((x, t) => bceLogits(x, t * 0.75 + 0.125)))]],
      ['tf.keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.25)(t, x)', [], [average(T.map((row, i) => -total(row.map((t, j) => (t * 0.75 + Math.fround(0.25 / 3)) * logProbs[i][j]))))]],
    ];
    for (const [source, shape, expected] of cases) {
      const r = await evaluate(source);
      assert.deepEqual(r.shape, shape, source);
      close(r.data, expected, source);
    }
  });

  it('a loss object assigned to a name, or to self in a module, is applied where it is called', async () => {
    const sq = each((x, t) => (x - t) ** 2);
    const a = await run(
      [
        "criterion = nn.MSELoss(reduction='sum')",
        'first = criterion(x, t)',
        'class Net(nn.Module):',
        '    def __init__(self):',
        '        super().__init__()',
        '        self.loss_fn = nn.MSELoss()',
        '    def forward(self, x, t):',
        '        return self.loss_fn(x, t)',
        'net = Net()',
        'second = net(x, t)',
      ].join('\n'),
    );
    close([...value(a, 'first').data], [total(sq)], 'criterion');
    close([...value(a, 'second').data], [average(sq)], 'self.loss_fn');
  });

  it('an argument used several times is one value: a random one is drawn once', async () => {
    // With two draws of the logits, relu(x) − x·t + log1p(exp(−|x|)) would not be the loss of one x.
    const a = await run('z = torch.randn(2, 3)\nr = F.binary_cross_entropy_with_logits(z, t)\ns = F.binary_cross_entropy_with_logits(torch.randn(2, 3) * 1.0, t)');
    const draws = a.graph.nodes.filter((n) => n.op === 'randn');
    assert.equal(draws.length, 2, 'one draw per randn written');
    const z = [...value(a, 'z').data];
    close([...value(a, 'r').data], [average(z.map((v, k) => bceLogits(v, T[Math.floor(k / 3)][k % 3])))], 'named');
  });

  it('says which argument it cannot write, instead of guessing', async () => {
    const a = await analyze(`${HEAD}\nr = F.cross_entropy(x, y, weight=torch.ones(3), label_smoothing=0.1)\ns = F.mse_loss(x, t, reduction=mode)\n`, { language: 'python' });
    const said = a.problems.filter((p) => p.code === 'unsupported-op').map((p) => p.message);
    assert.equal(said.length, 2, said.join('\n'));
    assert.match(said[0], /F\.cross_entropy with label_smoothing=/);
    assert.match(said[1], /F\.mse_loss with this reduction/);
  });

  it('a shape mismatch inside a loss points at the call and is said under its name', async () => {
    const text = `${HEAD}\nr = F.mse_loss(x, torch.randn(2, 4))\n`;
    const a = await analyze(text, { language: 'python' });
    const errors = a.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1, errors.map((p) => p.message).join('\n'));
    assert.match(text.slice(errors[0].span.start, errors[0].span.end), /^F\.mse_loss\(/);
    assert.match(errors[0].message, /^F\.mse_loss: .*\(2, 3\).*\(2, 4\)/);
  });

  it('reads a VAE (randn_like, a summed binary cross-entropy) with every shape known and nothing to say', async () => {
    const text = readFileSync(join(__dirname, '../../../fixtures/models/torch_vae.py'), 'utf8');
    const a = await analyze(text, { language: 'python' });
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info').map((p) => p.message), []);
    for (const l of a.layers) assert.ok(l.shape !== null && l.shape.every((d) => typeof d === 'number'), `${l.name} (line ${l.line}): ${JSON.stringify(l.shape)}`);
    assert.deepEqual(a.layers.find((l) => l.name === 'BCE')?.shape, []);
    assert.deepEqual(a.layers.find((l) => l.name === 'eps')?.shape, [128, 20]);
  });

  it('the *_like creation functions make a tensor of the argument’s shape', async () => {
    const program = await parse('r = torch.randn_like(x)\n');
    assert.equal(show(assigned(program, 0)), 'randn((shape(x),))');
    const a = await run(
      ['a = torch.randn_like(x)', 'b = torch.rand_like(x)', 'c = torch.empty_like(x)', 'd = torch.full_like(x, 2.5)', 'e = torch.zeros_like(x)', 'f = torch.ones_like(x)', 'g = torch.randint_like(x, 5)', 'h = torch.randint_like(x, 2, 7)'].join('\n'),
    );
    for (const name of 'abcdefgh') assert.deepEqual(a.layers.find((l) => l.name === name)?.shape, [2, 3], name);
    assert.deepEqual([...value(a, 'c').data], [0, 0, 0, 0, 0, 0]);
    assert.deepEqual([...value(a, 'd').data], [2.5, 2.5, 2.5, 2.5, 2.5, 2.5]);
    const g = [...value(a, 'g').data];
    const h = [...value(a, 'h').data];
    assert.ok(g.every((v) => Number.isInteger(v) && v >= 0 && v < 5), `randint_like(x, 5): ${g}`);
    assert.ok(h.every((v) => Number.isInteger(v) && v >= 2 && v < 7), `randint_like(x, 2, 7): ${h}`);
  });
});
