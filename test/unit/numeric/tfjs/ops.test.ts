import { strict as assert } from 'node:assert';
import type { NodeId } from '../../../../src/core/ir/graph';
import { OPS } from '../../../../src/core/ir/ops';
import { LossFunction } from '../../../../src/core/check/reference';
import { NumericEnv } from '../../../../src/core/numeric/env';
import { F64Evaluator } from '../../../../src/core/numeric/f64/evaluate';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { fdCheck } from '../../../../src/core/numeric/fd';
import { Rng } from '../../../../src/core/numeric/prng';
import { type F64Tensor, maxAbs } from '../../../../src/core/numeric/tensor';
import { autodiff } from '../../../../src/core/numeric/tfjs/autodiff';
import { TfEvaluator, uploadLeaves } from '../../../../src/core/numeric/tfjs/evaluate';
import { TF_KERNELS } from '../../../../src/core/numeric/tfjs/kernels';
import { loadTf } from '../../../../src/core/numeric/tfjs/load';
import type { Attrs } from '../../../../src/core/shapes/rules/types';
import { TestGraph } from '../graph';

type Gen = 'normal' | 'positive' | 'away' | 'spd' | 'wellcond' | { ints: number } | { bool: true } | { values: number[] } | { probs: number };
interface Input {
  shape: number[];
  gen?: Gen;
  /** Not differentiated (integer indices, masks, targets). */
  fixed?: boolean;
}
interface Case {
  name: string;
  op: string;
  inputs: Input[];
  attrs?: Attrs;
  /** Piecewise constant or integer-valued: forward only. */
  noGrad?: boolean;
}

const I = (...shape: number[]): Input => ({ shape });
const P = (...shape: number[]): Input => ({ shape, gen: 'positive' });
const A = (...shape: number[]): Input => ({ shape, gen: 'away' });
const ints = (n: number, ...shape: number[]): Input => ({ shape, gen: { ints: n }, fixed: true });
const mask = (...shape: number[]): Input => ({ shape, gen: { bool: true }, fixed: true });
const S = { kind: 'slice', start: null, stop: null, step: null };

const CASES: Case[] = [
  ...['neg', 'exp', 'tanh', 'sigmoid', 'square', 'copy'].map((op) => ({ name: op, op, inputs: [I(3, 4)] })),
  { name: 'log', op: 'log', inputs: [P(3, 4)] },
  { name: 'sqrt', op: 'sqrt', inputs: [P(3, 4)] },
  { name: 'relu', op: 'relu', inputs: [A(3, 4)] },
  { name: 'abs', op: 'abs', inputs: [A(3, 4)] },
  { name: 'zeros_like', op: 'zeros_like', inputs: [I(2, 3)], noGrad: true },
  { name: 'ones_like', op: 'ones_like', inputs: [I(2, 3)], noGrad: true },
  { name: 'add (broadcast)', op: 'add', inputs: [I(3, 4), I(4)] },
  { name: 'sub (broadcast both)', op: 'sub', inputs: [I(3, 1), I(1, 4)] },
  { name: 'mul', op: 'mul', inputs: [I(3, 4), I(3, 4)] },
  { name: 'div', op: 'div', inputs: [I(3, 4), { shape: [3, 1], gen: 'away' }] },
  { name: 'pow', op: 'pow', inputs: [P(3, 4), { shape: [], gen: { values: [1.5] } }] },
  { name: 'maximum', op: 'maximum', inputs: [I(3, 4), { shape: [], gen: { values: [0.05] } }] },
  { name: 'minimum', op: 'minimum', inputs: [I(3, 4), I(3, 4)] },
  ...['gt', 'ge', 'lt', 'le', 'eq'].map((op) => ({ name: op, op, inputs: [I(3, 4), I(4)], noGrad: true })),
  { name: 'where', op: 'where', inputs: [mask(3, 4), I(3, 4), I(4)] },
  { name: 'sum axis 0', op: 'sum', inputs: [I(3, 4)], attrs: { axis: 0 } },
  { name: 'mean keepdims', op: 'mean', inputs: [I(2, 3, 4)], attrs: { axis: [0, 2], keepdims: true } },
  { name: 'max axis 1', op: 'max', inputs: [I(3, 4)], attrs: { axis: 1 } },
  { name: 'min all', op: 'min', inputs: [I(3, 4)] },
  { name: 'logsumexp', op: 'logsumexp', inputs: [I(3, 4)], attrs: { axis: 1 } },
  { name: 'argmax', op: 'argmax', inputs: [I(3, 4)], attrs: { axis: 1 }, noGrad: true },
  { name: 'softmax', op: 'softmax', inputs: [I(3, 4)], attrs: { axis: -1 } },
  { name: 'softmax axis 0', op: 'softmax', inputs: [I(3, 4)], attrs: { axis: 0 } },
  { name: 'log_softmax', op: 'log_softmax', inputs: [I(3, 4)], attrs: { axis: 1 } },
  { name: 'cross_entropy (indices)', op: 'cross_entropy', inputs: [I(5, 4), ints(4, 5)] },
  { name: 'cross_entropy (probabilities)', op: 'cross_entropy', inputs: [I(5, 4), { shape: [5, 4], gen: { probs: 4 }, fixed: true }] },
  { name: 'softmax_cross_entropy', op: 'softmax_cross_entropy', inputs: [{ shape: [5, 4], gen: { probs: 4 }, fixed: true }, I(5, 4)] },
  { name: 'matmul', op: 'matmul', inputs: [I(3, 5), I(5, 4)] },
  { name: 'matmul (tall)', op: 'matmul', inputs: [I(9, 2), I(2, 7)] },
  { name: 'matmul vector', op: 'matmul', inputs: [I(5), I(5, 4)] },
  { name: 'matmul batched + broadcast', op: 'matmul', inputs: [I(2, 3, 4), I(1, 4, 2)] },
  { name: 'transpose', op: 'transpose', inputs: [I(3, 4)] },
  { name: 'transpose perm', op: 'transpose', inputs: [I(2, 3, 4)], attrs: { perm: [1, 2, 0] } },
  { name: 'outer', op: 'outer', inputs: [I(3), I(4)] },
  { name: 'inv', op: 'inv', inputs: [{ shape: [3, 3], gen: 'wellcond' }] },
  { name: 'det', op: 'det', inputs: [{ shape: [3, 3], gen: 'wellcond' }] },
  { name: 'logdet', op: 'logdet', inputs: [{ shape: [3, 3], gen: 'spd' }] },
  { name: 'trace', op: 'trace', inputs: [I(3, 3)] },
  { name: 'diag (vector)', op: 'diag', inputs: [I(3)] },
  { name: 'diag (matrix)', op: 'diag', inputs: [I(3, 4)] },
  { name: 'reshape', op: 'reshape', inputs: [I(3, 4)], attrs: { shape: [2, -1] } },
  { name: 'flatten', op: 'flatten', inputs: [I(2, 3, 4)] },
  { name: 'expand_dims', op: 'expand_dims', inputs: [I(3, 4)], attrs: { axis: 1 } },
  { name: 'squeeze', op: 'squeeze', inputs: [I(3, 1, 4)] },
  { name: 'concat', op: 'concat', inputs: [I(3, 2), I(3, 4)], attrs: { axis: 1 } },
  { name: 'index (fancy)', op: 'index', inputs: [I(4, 5), ints(4, 6), ints(5, 6)], attrs: { items: [{ kind: 'tensor', input: 1 }, { kind: 'tensor', input: 2 }] } },
  { name: 'index (slice, newaxis, int)', op: 'index', inputs: [I(4, 5)], attrs: { items: [{ kind: 'slice', start: 1, stop: null, step: 2 }, { kind: 'newaxis' }, { kind: 'int', value: -1 }] } },
  { name: 'index (mask)', op: 'index', inputs: [I(4, 5), mask(4, 5)], attrs: { items: [{ kind: 'tensor', input: 1 }] } },
  ...['set', 'add', 'sub', 'mul', 'div'].map((mode) => ({ name: `index_update ${mode}`, op: 'index_update', inputs: [I(4, 5), { shape: [3], gen: 'away' as Gen }, { shape: [3], gen: { values: [0, 2, 3] }, fixed: true }, ints(5, 3)], attrs: { items: [{ kind: 'tensor', input: 1 }, { kind: 'tensor', input: 2 }], mode } })),
  { name: 'index_update mask', op: 'index_update', inputs: [I(4, 5), I(), mask(4, 5)], attrs: { items: [{ kind: 'tensor', input: 1 }], mode: 'set' } },
  { name: 'index_update slice', op: 'index_update', inputs: [I(4, 5), I(5)], attrs: { items: [{ kind: 'int', value: 2 }, S], mode: 'add' } },
  { name: 'conv2d NHWC SAME stride 2', op: 'conv2d', inputs: [I(2, 5, 5, 3), I(3, 3, 3, 4)], attrs: { strides: 2, padding: 'SAME', layout: 'NHWC' } },
  { name: 'conv2d NCHW pad 1', op: 'conv2d', inputs: [I(2, 3, 5, 4), I(2, 3, 3, 2)], attrs: { strides: 1, padding: 1, layout: 'NCHW' } },
  { name: 'conv2d NHWC VALID', op: 'conv2d', inputs: [I(1, 6, 6, 2), I(2, 2, 2, 3)], attrs: { strides: [1, 2, 2, 1], padding: 'VALID', layout: 'NHWC' } },
  { name: 'max_pool2d NCHW', op: 'max_pool2d', inputs: [I(2, 3, 4, 4)], attrs: { kernel_size: 2, layout: 'NCHW' } },
  { name: 'max_pool2d NHWC SAME', op: 'max_pool2d', inputs: [I(2, 5, 5, 3)], attrs: { kernel_size: 2, stride: 2, padding: 'SAME', layout: 'NHWC' } },
];

function values(input: Input, rng: Rng): number[] {
  const n = input.shape.reduce((p, d) => p * d, 1);
  const g = input.gen ?? 'normal';
  const k = input.shape[input.shape.length - 1] ?? 1;
  if (g === 'normal') return Array.from({ length: n }, () => rng.normal());
  if (g === 'positive') return Array.from({ length: n }, () => 0.5 + rng.uniform() * 2);
  if (g === 'away') return Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1) * (0.3 + rng.uniform()));
  if (g === 'wellcond' || g === 'spd') {
    const m = Array.from({ length: n }, () => 0.3 * rng.normal());
    for (let i = 0; i < k; i++) m[i * k + i] += 2;
    if (g === 'spd') for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) m[i * k + j] = m[j * k + i];
    return m;
  }
  if ('ints' in g) return Array.from({ length: n }, () => rng.int(0, g.ints));
  if ('bool' in g) return Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 1 : 0));
  if ('values' in g) return g.values.slice(0, n);
  const rows = Array.from({ length: n / g.probs }, () => {
    const r = Array.from({ length: g.probs }, () => rng.uniform());
    const s = r.reduce((p, v) => p + v, 0);
    return r.map((v) => v / s);
  });
  return rows.flat();
}

function build(c: Case, seed: number) {
  const rng = new Rng(seed);
  const g = new TestGraph();
  const ids = c.inputs.map((inp, i) => {
    const dtype = inp.gen && typeof inp.gen === 'object' && 'ints' in inp.gen ? 'int' : inp.gen && typeof inp.gen === 'object' && 'bool' in inp.gen ? 'bool' : inp.gen && typeof inp.gen === 'object' && 'values' in inp.gen && inp.fixed ? 'int' : 'float';
    return g.input(`x${i}`, inp.shape, values(inp, rng).map((v) => Math.fround(v)), 'data', dtype);
  });
  const out = g.op(c.op, ids, c.attrs ?? {});
  // A scalar loss that weighs every output element differently (at the output's actual shape: a mask's is data-dependent).
  const shape = (new F64Evaluator(g.graph, new NumericEnv(), g.values).run([out]).values.get(out) as F64Tensor).shape;
  const w = g.input('w', shape, Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => Math.fround(rng.normal())));
  const loss = g.op('sum', [g.op('mul', [out, w])]);
  const diff = c.inputs.map((inp, i) => (inp.fixed || g.graph.nodes[ids[i]].dtype !== 'float' ? null : ids[i])).filter((x): x is NodeId => x !== null);
  return { g, out, loss, diff };
}

describe('numeric: every op in float64 and in TensorFlow.js', () => {
  it('every graph op has a float64 and a TensorFlow.js kernel', () => {
    const leaves = new Set(['randn', 'rand', 'zeros', 'ones', 'placeholder', 'full', 'eye', 'arange', 'randint', 'const']);
    for (const op of Object.keys(OPS).filter((o) => !leaves.has(o))) {
      assert.ok(F64_KERNELS[op], `no float64 kernel for ${op}`);
      assert.ok(TF_KERNELS[op], `no tfjs kernel for ${op}`);
    }
  });

  for (const c of CASES) {
    it(`${c.name}: tfjs = float64${c.noGrad ? '' : '; autodiff = finite differences'}`, async () => {
      const rt = await loadTf();
      const { g, out, loss, diff } = build(c, c.name.length * 7919);
      const env = new NumericEnv();
      const f64 = new F64Evaluator(g.graph, env, g.values);
      const ref = f64.run([out]).values.get(out) as F64Tensor;
      const start = rt.tf.memory().numTensors;
      const leaves = uploadLeaves(rt, g.graph, g.values, g.values.keys());
      rt.tf.tidy(() => {
        const t = new TfEvaluator(rt, g.graph, env, leaves).run([out]).get(out);
        assert.ok(t);
        assert.deepEqual(t.shape, ref.shape);
        const got = t.dataSync();
        const scale = Math.max(1, maxAbs(ref.data));
        ref.data.forEach((v, i) => assert.ok(Math.abs(got[i] - v) <= 2e-5 * scale, `${c.name}[${i}]: tfjs ${got[i]} vs float64 ${v}`));
      });
      for (const t of leaves.values()) t.dispose();
      if (c.noGrad || !diff.length) return;
      const ad = autodiff(rt, g.graph, env, g.values, loss, diff);
      assert.equal(rt.tf.memory().numTensors, start, 'tensors left behind');
      const fn = new LossFunction(f64, loss);
      const vars = diff.map((id) => ({ node: id, value: g.values.get(id) as F64Tensor, grad: ad.grads.get(id) as F64Tensor }));
      const report = fdCheck(fn.probe, vars, { rng: new Rng(3), precision: 'float32', directions: 2, samples: 3 });
      assert.ok(report.checks.length >= 3, `${c.name}: only ${report.checks.length} probes ran`);
      assert.ok(report.ok, `${c.name}: autodiff and finite differences disagree: ${JSON.stringify(report.checks.filter((x) => !x.ok))}`);
    });
  }
});

describe('numeric/tfjs: registered gradients', () => {
  it('matmul with transpose flags: gradients equal those of the explicit transposes', async () => {
    const { tf } = await loadTf();
    const rng = new Rng(11);
    const a = tf.tensor(Array.from({ length: 12 }, () => rng.normal()), [2, 2, 3]);
    const b = tf.tensor(Array.from({ length: 24 }, () => rng.normal()), [2, 4, 3]);
    const w = tf.tensor(Array.from({ length: 16 }, () => rng.normal()), [2, 2, 4]);
    const flagged = tf.grads((x, y) => tf.sum(tf.mul(tf.matMul(x, y, false, true), w)))([a, b]);
    const explicit = tf.grads((x, y) => tf.sum(tf.mul(tf.matMul(x, tf.transpose(y, [0, 2, 1])), w)))([a, b]);
    flagged.forEach((g, i) => {
      const e = explicit[i].dataSync();
      g.dataSync().forEach((v, k) => assert.ok(Math.abs(v - e[k]) < 1e-5));
    });
    tf.dispose([a, b, w, ...flagged, ...explicit]);
  });
});
