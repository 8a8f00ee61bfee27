import { strict as assert } from 'node:assert';
import { Bindings } from '../../../src/core/shapes/bindings';
import type { Shape } from '../../../src/core/shapes/dim';
import { conv2d, convOutput, maxPool2d } from '../../../src/core/shapes/rules/conv';
import { index } from '../../../src/core/shapes/rules/index';
import { matmul } from '../../../src/core/shapes/rules/linalg';
import { reduce } from '../../../src/core/shapes/rules/reduce';
import { flatten, reshape } from '../../../src/core/shapes/rules/reshape';
import { type Attrs, isFailure, type ShapeRule, type TensorInfo } from '../../../src/core/shapes/rules/types';

const t = (shape: Shape, dtype: TensorInfo['dtype'] = 'float'): TensorInfo => ({ shape, dtype });
const run = (rule: ShapeRule, inputs: TensorInfo[], attrs: Attrs = {}) => rule(inputs, attrs, { bindings: new Bindings() });
const shapeOf = (r: ReturnType<ShapeRule>) => {
  assert.ok(!isFailure(r), isFailure(r) ? r.error : '');
  return (r as { shape: Shape }).shape;
};

describe('shape rules', () => {
  describe('matmul', () => {
    it('multiplies matrices, vectors and batches as NumPy does', () => {
      assert.deepEqual(shapeOf(run(matmul, [t(['N', 1568]), t([1568, 1024])])), ['N', 1024]);
      assert.deepEqual(shapeOf(run(matmul, [t([5]), t([5, 3])])), [3]);
      assert.deepEqual(shapeOf(run(matmul, [t([4, 5]), t([5])])), [4]);
      assert.deepEqual(shapeOf(run(matmul, [t([7, 4, 5]), t([5, 2])])), [7, 4, 2]);
    });

    it('names the inner sizes and the transpose that would fit', () => {
      const r = run(matmul, [t([8, 1568]), t([1024, 1568])]);
      assert.ok(isFailure(r));
      assert.match(r.error, /inner dimensions differ \(1568 vs 1024\)/);
      assert.equal(r.transpose, 1);
    });
  });

  describe('reshape', () => {
    it('infers -1 symbolically', () => {
      assert.deepEqual(shapeOf(run(reshape, [t(['N', 7, 7, 32])], { shape: [-1, 1568] })), ['N', 1568]);
    });

    it('flags 7*7*64 used on a (N, 7, 7, 32) tensor', () => {
      const r = run(reshape, [t(['N', 7, 7, 32])], { shape: [-1, 3136] });
      assert.ok(isFailure(r));
      assert.equal(r.code, 'reshape-size');
      assert.match(r.error, /not a multiple of 3136/);
    });

    it('warns when view(-1, 320) silently changes the batch', () => {
      const r = run(reshape, [t(['N', 10, 8, 8])], { shape: [-1, 320] });
      assert.ok(isFailure(r));
      assert.equal(r.code, 'batch-changed');
      assert.deepEqual(r.partial, ['2*N', 320]);
    });

    it('checks element counts of fully known shapes', () => {
      assert.ok(isFailure(run(reshape, [t([4, 6])], { shape: [5, 5] })));
      assert.deepEqual(shapeOf(run(reshape, [t([4, 6])], { shape: [3, 8] })), [3, 8]);
    });
  });

  it('flatten notes how the size came about', () => {
    const r = run(flatten, [t(['N', 64, 12, 12])], { start_dim: 1 });
    assert.deepEqual(shapeOf(r), ['N', 9216]);
    assert.equal((r as { note?: string }).note, '64·12·12 = 9216');
  });

  it('reductions honour axis and keepdims', () => {
    assert.deepEqual(shapeOf(run(reduce, [t(['N', 10])], { axis: 1, keepdims: false })), ['N']);
    assert.deepEqual(shapeOf(run(reduce, [t(['N', 10])], { axis: 1, keepdims: true })), ['N', 1]);
    assert.deepEqual(shapeOf(run(reduce, [t(['N', 10])], { axis: null })), []);
    assert.ok(isFailure(run(reduce, [t(['N', 10])], { axis: 2 })));
  });

  it('conv and pool sizes for SAME, VALID and explicit padding', () => {
    assert.equal(convOutput(28, 5, 1, 'SAME'), 28);
    assert.equal(convOutput(28, 3, 1, 'VALID'), 26);
    assert.equal(convOutput(28, 5, 1, 2), 28);
    assert.equal(convOutput(7, 2, 2, 'SAME'), 4);
    assert.deepEqual(shapeOf(run(conv2d, [t(['N', 28, 28, 1]), t([5, 5, 1, 32])], { strides: [1, 1, 1, 1], padding: 'SAME', layout: 'NHWC' })), ['N', 28, 28, 32]);
    assert.deepEqual(shapeOf(run(conv2d, [t(['N', 1, 28, 28]), t([32, 1, 3, 3])], { strides: 1, padding: 0, layout: 'NCHW' })), ['N', 32, 26, 26]);
    assert.deepEqual(shapeOf(run(maxPool2d, [t(['N', 64, 24, 24])], { kernel_size: 2, layout: 'NCHW' })), ['N', 64, 12, 12]);
    const bad = run(conv2d, [t(['N', 28, 28, 3]), t([5, 5, 1, 32])], { layout: 'NHWC' });
    assert.ok(isFailure(bad) && /3 channels but the filters expect 1/.test(bad.error));
  });

  it('fancy indexing picks one element per row', () => {
    assert.deepEqual(shapeOf(run(index, [t(['N', 10]), t(['N'], 'int'), t(['N'], 'int')], { items: [{ kind: 'tensor', input: 1 }, { kind: 'tensor', input: 2 }] })), ['N']);
    assert.deepEqual(shapeOf(run(index, [t(['N'])], { items: [{ kind: 'slice', start: null, stop: null, step: null }, { kind: 'newaxis' }] })), ['N', 1]);
    assert.deepEqual(shapeOf(run(index, [t([10, 10]), t([8], 'int')], { items: [{ kind: 'tensor', input: 1 }] })), [8, 10]);
  });
});
