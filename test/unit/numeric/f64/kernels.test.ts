import { strict as assert } from 'node:assert';
import { NumericEnv } from '../../../../src/core/numeric/env';
import { F64Evaluator } from '../../../../src/core/numeric/f64/evaluate';
import type { F64Tensor } from '../../../../src/core/numeric/tensor';
import type { Attrs } from '../../../../src/core/shapes/rules/types';
import { assertClose, TestGraph } from '../graph';

/** Evaluates one op on given inputs; every expectation below is worked out by hand. */
function run(op: string, inputs: { shape: number[]; data: number[]; dtype?: 'float' | 'int' | 'bool' }[], attrs: Attrs = {}): F64Tensor {
  const g = new TestGraph();
  const ids = inputs.map((x, i) => g.input(`x${i}`, x.shape, x.data, 'data', x.dtype ?? 'float'));
  const out = g.op(op, ids, attrs);
  return new F64Evaluator(g.graph, new NumericEnv(), g.values).run([out]).values.get(out) as F64Tensor;
}
const t = (shape: number[], data: number[], dtype?: 'float' | 'int' | 'bool') => ({ shape, data, dtype });
const expectT = (got: F64Tensor, shape: number[], data: number[], tol = 1e-12) => {
  assert.deepEqual(got.shape, shape);
  assertClose(got.data, data, tol);
};

describe('numeric/f64 kernels', () => {
  it('broadcasts elementwise ops as NumPy', () => {
    expectT(run('add', [t([2, 1], [1, 2]), t([3], [10, 20, 30])]), [2, 3], [11, 21, 31, 12, 22, 32]);
    expectT(run('div', [t([2], [1, 3]), t([], [2])]), [2], [0.5, 1.5]);
    expectT(run('maximum', [t([], [0]), t([3], [-1, 0.5, NaN])]), [3], [0, 0.5, NaN]);
    expectT(run('le', [t([3], [-1, 0, 1]), t([], [0])]), [3], [1, 1, 0]);
    expectT(run('where', [t([2], [1, 0], 'bool'), t([2], [1, 2]), t([], [9])]), [2], [1, 9]);
    expectT(run('pow', [t([2], [3, -2]), t([], [2])]), [2], [9, 4]);
  });

  it('computes sigmoid, tanh, relu stably', () => {
    expectT(run('sigmoid', [t([3], [0, 800, -800])]), [3], [0.5, 1, 0]);
    expectT(run('relu', [t([3], [-2, 0, 3])]), [3], [0, 0, 3]);
    expectT(run('tanh', [t([1], [0.5])]), [1], [0.46211715726000974]);
  });

  it('reduces over axes with keepdims, NaN propagating in max', () => {
    const x = t([2, 3], [1, 5, 3, 4, 2, 6]);
    expectT(run('sum', [x], { axis: 0 }), [3], [5, 7, 9]);
    expectT(run('mean', [x], { axis: 1, keepdims: true }), [2, 1], [3, 4]);
    expectT(run('max', [x], { axis: [0, 1] }), [], [6]);
    expectT(run('min', [x], { axis: -1 }), [2], [1, 2]);
    expectT(run('argmax', [x], { axis: 1 }), [2], [1, 2]);
    expectT(run('argmax', [x]), [], [5]);
    expectT(run('max', [t([2], [1, NaN])]), [], [NaN]);
    expectT(run('logsumexp', [t([2], [1000, 1000])]), [], [1000 + Math.log(2)]);
  });

  it('softmax and log_softmax are stable for large inputs', () => {
    expectT(run('softmax', [t([1, 2], [1000, 1000])]), [1, 2], [0.5, 0.5]);
    expectT(run('log_softmax', [t([2], [0, Math.log(3)])]), [2], [-Math.log(4), Math.log(3) - Math.log(4)]);
    expectT(run('softmax', [t([2, 2], [0, 1, 0, 1])], { axis: 0 }), [2, 2], [0.5, 0.5, 0.5, 0.5]);
  });

  it('cross entropy: integer targets or probabilities, the mean over N', () => {
    // logits [[0, ln 3], [0, 0]], targets [1, 0]: -(ln(3/4) + ln(1/2)) / 2
    const want = -(Math.log(3 / 4) + Math.log(1 / 2)) / 2;
    expectT(run('cross_entropy', [t([2, 2], [0, Math.log(3), 0, 0]), t([2], [1, 0], 'int')]), [], [want]);
    expectT(run('cross_entropy', [t([2, 2], [0, Math.log(3), 0, 0]), t([2, 2], [0, 1, 1, 0])]), [], [want]);
    expectT(run('softmax_cross_entropy', [t([2, 2], [0, 1, 1, 0]), t([2, 2], [0, Math.log(3), 0, 0])]), [2], [-Math.log(3 / 4), -Math.log(1 / 2)]);
  });

  it('matmul with NumPy semantics: vectors and batch broadcasting', () => {
    expectT(run('matmul', [t([2, 3], [1, 2, 3, 4, 5, 6]), t([3, 2], [1, 0, 0, 1, 1, 1])]), [2, 2], [4, 5, 10, 11]);
    expectT(run('matmul', [t([3], [1, 2, 3]), t([3], [4, 5, 6])]), [], [32]);
    expectT(run('matmul', [t([2], [1, 1]), t([2, 2], [1, 2, 3, 4])]), [2], [4, 6]);
    expectT(run('matmul', [t([2, 1, 2], [1, 0, 0, 1]), t([2, 2], [1, 2, 3, 4])]), [2, 1, 2], [1, 2, 3, 4]);
    // A larger product against a plain triple loop (exercises the blocked kernel's edges).
    const m = 7, k = 13, n = 5;
    const A = Array.from({ length: m * k }, (_, i) => Math.sin(i));
    const B = Array.from({ length: k * n }, (_, i) => Math.cos(i));
    const C: number[] = [];
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) C.push(Array.from({ length: k }, (_, p) => A[i * k + p] * B[p * n + j]).reduce((s, v) => s + v, 0));
    expectT(run('matmul', [t([m, k], A), t([k, n], B)]), [m, n], C, 1e-12);
  });

  it('transpose, outer, trace, diag', () => {
    expectT(run('transpose', [t([2, 3], [1, 2, 3, 4, 5, 6])]), [3, 2], [1, 4, 2, 5, 3, 6]);
    expectT(run('transpose', [t([1, 2, 3], [1, 2, 3, 4, 5, 6])], { perm: [2, 0, 1] }), [3, 1, 2], [1, 4, 2, 5, 3, 6]);
    expectT(run('outer', [t([2], [1, 2]), t([3], [1, 10, 100])]), [2, 3], [1, 10, 100, 2, 20, 200]);
    expectT(run('trace', [t([2, 2], [1, 2, 3, 4])]), [], [5]);
    expectT(run('diag', [t([2], [7, 8])]), [2, 2], [7, 0, 0, 8]);
    expectT(run('diag', [t([2, 3], [1, 2, 3, 4, 5, 6])]), [2], [1, 5]);
  });

  it('inv, det, logdet (with pivoting)', () => {
    const A = t([2, 2], [0, 2, 3, 4]); // det = -6
    expectT(run('det', [A]), [], [-6]);
    expectT(run('inv', [A]), [2, 2], [-2 / 3, 1 / 3, 1 / 2, 0]);
    expectT(run('logdet', [t([2, 2], [2, 1, 1, 2])]), [], [Math.log(3)]);
    expectT(run('logdet', [A]), [], [NaN]);
    expectT(run('det', [t([2, 2, 2], [1, 0, 0, 1, 2, 0, 0, 3])]), [2], [1, 6]);
    assert.throws(() => run('inv', [t([2, 2], [1, 2, 2, 4])]), /singular/);
  });

  it('reshape, flatten, expand_dims, squeeze, concat', () => {
    const x = t([2, 3], [1, 2, 3, 4, 5, 6]);
    expectT(run('reshape', [x], { shape: [3, -1] }), [3, 2], [1, 2, 3, 4, 5, 6]);
    expectT(run('flatten', [t([2, 1, 3], [1, 2, 3, 4, 5, 6])]), [2, 3], [1, 2, 3, 4, 5, 6]);
    expectT(run('expand_dims', [x], { axis: 1 }), [2, 1, 3], [1, 2, 3, 4, 5, 6]);
    expectT(run('squeeze', [t([1, 3, 1], [1, 2, 3])]), [3], [1, 2, 3]);
    expectT(run('concat', [x, t([2, 1], [9, 9])], { axis: 1 }), [2, 4], [1, 2, 3, 9, 4, 5, 6, 9]);
  });

  it('index and index_update: fancy indices, masks, repeated indices (last write wins)', () => {
    const P = t([2, 3], [1, 2, 3, 4, 5, 6]);
    const items = [{ kind: 'tensor', input: 1 }, { kind: 'tensor', input: 2 }];
    expectT(run('index', [P, t([2], [0, 1], 'int'), t([2], [2, 0], 'int')], { items }), [2], [3, 4]);
    expectT(run('index_update', [P, t([], [1]), t([2], [0, 1], 'int'), t([2], [2, 0], 'int')], { items, mode: 'sub' }), [2, 3], [1, 2, 2, 3, 5, 6]);
    expectT(run('index_update', [P, t([], [0]), t([2, 3], [1, 0, 1, 0, 0, 1], 'bool')], { items: [{ kind: 'tensor', input: 1 }], mode: 'set' }), [2, 3], [0, 2, 0, 4, 5, 0]);
    // x[[0, 0]] += 1 adds once, as NumPy's buffered update does.
    expectT(run('index_update', [t([2], [0, 0]), t([], [1]), t([2], [0, 0], 'int')], { items: [{ kind: 'tensor', input: 1 }], mode: 'add' }), [2], [1, 0]);
    expectT(run('index', [P], { items: [{ kind: 'slice', start: null, stop: null, step: null }, { kind: 'newaxis' }, { kind: 'int', value: -1 }] }), [2, 1], [3, 6]);
  });

  it('conv2d: NHWC/HWIO and NCHW/OIHW, strides, SAME, VALID and explicit padding', () => {
    // 3×3 image 1..9, one channel; 2×2 filter [[1, 0], [0, -1]]: out = x[i][j] - x[i+1][j+1] = -4 everywhere (VALID).
    const img = Array.from({ length: 9 }, (_, i) => i + 1);
    expectT(run('conv2d', [t([1, 3, 3, 1], img), t([2, 2, 1, 1], [1, 0, 0, -1])], { strides: 1, padding: 'VALID', layout: 'NHWC' }), [1, 2, 2, 1], [-4, -4, -4, -4]);
    expectT(run('conv2d', [t([1, 1, 3, 3], img), t([1, 1, 2, 2], [1, 0, 0, -1])], { strides: 1, padding: 0, layout: 'NCHW' }), [1, 1, 2, 2], [-4, -4, -4, -4]);
    // SAME (TF pads after): the last row/column meet zeros: [[-4, -4, 3], [-4, -4, 6], [7, 8, 9]].
    expectT(run('conv2d', [t([1, 3, 3, 1], img), t([2, 2, 1, 1], [1, 0, 0, -1])], { strides: 1, padding: 'SAME', layout: 'NHWC' }), [1, 3, 3, 1], [-4, -4, 3, -4, -4, 6, 7, 8, 9]);
    // padding 1 (PyTorch), stride 2, all-ones 3×3 filter: sums of 3×3 windows centred at (0,0), (0,2), (2,0), (2,2).
    expectT(run('conv2d', [t([1, 1, 3, 3], img), t([1, 1, 3, 3], new Array(9).fill(1))], { strides: 2, padding: 1, layout: 'NCHW' }), [1, 1, 2, 2], [12, 16, 24, 28]);
    // Two input channels, two output channels (NHWC, HWIO with 1×1 filters): a channel mixing matrix.
    expectT(run('conv2d', [t([1, 1, 2, 2], [1, 2, 3, 4]), t([1, 1, 2, 2], [1, 10, 100, 1000])], { strides: 1, padding: 'VALID', layout: 'NHWC' }), [1, 1, 2, 2], [201, 2010, 403, 4030]);
  });

  it('max_pool2d in both layouts; padding never wins', () => {
    const img = [1, 5, 2, 3, 9, 4, 7, 6, 8, 0, -1, -2, 11, 12, 13, 10];
    expectT(run('max_pool2d', [t([1, 1, 4, 4], img)], { kernel_size: 2, layout: 'NCHW' }), [1, 1, 2, 2], [9, 7, 12, 13]);
    expectT(run('max_pool2d', [t([1, 4, 4, 1], img)], { kernel_size: 2, layout: 'NHWC' }), [1, 2, 2, 1], [9, 7, 12, 13]);
    expectT(run('max_pool2d', [t([1, 1, 2, 2], [-5, -6, -7, -8])], { kernel_size: 2, stride: 2, padding: 1, layout: 'NCHW' }), [1, 1, 2, 2], [-5, -6, -7, -8]);
  });
});
