import { strict as assert } from 'node:assert';
import { OPS } from '../../../../src/core/ir/ops';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { Rng } from '../../../../src/core/numeric/prng';
import { TF_KERNELS } from '../../../../src/core/numeric/tfjs/kernels';
import { loadTf } from '../../../../src/core/numeric/tfjs/load';
import { LEAF_OPS } from '../../../../src/core/ops/creation/index';
import { A, type Case, checkKernels, type Gen, I, ints, mask, P, S } from '../kernel-agreement';

const CASES: Case[] = [
  // The elementwise functions with a module of their own are checked in test/unit/ops/.
  ...['neg', 'square', 'copy'].map((op) => ({ name: op, op, inputs: [I(3, 4)] })),
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
  { name: 'index_update accumulate (np.add.at, repeated indices)', op: 'index_update', inputs: [I(4, 5), I(6, 5), { shape: [6], gen: { values: [0, 2, 0, 3, 2, 0] }, fixed: true }], attrs: { items: [{ kind: 'tensor', input: 1 }], mode: 'accumulate' } },
  { name: 'index_update mask', op: 'index_update', inputs: [I(4, 5), I(), mask(4, 5)], attrs: { items: [{ kind: 'tensor', input: 1 }], mode: 'set' } },
  { name: 'index_update slice', op: 'index_update', inputs: [I(4, 5), I(5)], attrs: { items: [{ kind: 'int', value: 2 }, S], mode: 'add' } },
  { name: 'conv2d NHWC SAME stride 2', op: 'conv2d', inputs: [I(2, 5, 5, 3), I(3, 3, 3, 4)], attrs: { strides: 2, padding: 'SAME', layout: 'NHWC' } },
  { name: 'conv2d NCHW pad 1', op: 'conv2d', inputs: [I(2, 3, 5, 4), I(2, 3, 3, 2)], attrs: { strides: 1, padding: 1, layout: 'NCHW' } },
  { name: 'conv2d NHWC VALID', op: 'conv2d', inputs: [I(1, 6, 6, 2), I(2, 2, 2, 3)], attrs: { strides: [1, 2, 2, 1], padding: 'VALID', layout: 'NHWC' } },
  { name: 'max_pool2d NCHW', op: 'max_pool2d', inputs: [I(2, 3, 4, 4)], attrs: { kernel_size: 2, layout: 'NCHW' } },
  { name: 'max_pool2d NHWC SAME', op: 'max_pool2d', inputs: [I(2, 5, 5, 3)], attrs: { kernel_size: 2, stride: 2, padding: 'SAME', layout: 'NHWC' } },
];

describe('numeric: every op in float64 and in TensorFlow.js', () => {
  it('every graph op has a float64 and a TensorFlow.js kernel', () => {
    // Leaves have no operands: their values are made by their fill (numeric/leaves), not by a kernel.
    const leaves = new Set<string>(LEAF_OPS.map((m) => m.name));
    for (const op of Object.keys(OPS).filter((o) => !leaves.has(o))) {
      assert.ok(F64_KERNELS[op], `no float64 kernel for ${op}`);
      assert.ok(TF_KERNELS[op], `no tfjs kernel for ${op}`);
    }
  });

  for (const c of CASES) {
    it(`${c.name}: tfjs = float64${c.noGrad ? '' : '; autodiff = finite differences'}`, () => checkKernels(c));
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
