import { strict as assert } from 'node:assert';
import { Bindings } from '../../../src/core/shapes/bindings';
import type { Shape } from '../../../src/core/shapes/dim';
import { conv2d as conv2dOp } from '../../../src/core/ops/conv/conv2d';
import { max_pool2d } from '../../../src/core/ops/conv/max_pool2d';
import { convOutput } from '../../../src/core/shapes/rules/conv';
import { index } from '../../../src/core/shapes/rules/index';
import { matmul, outer } from '../../../src/core/shapes/rules/linalg';
import { reduce } from '../../../src/core/shapes/rules/reduce';
import { concat, flatten, reshape } from '../../../src/core/shapes/rules/reshape';
import { arange } from '../../../src/core/shapes/rules/creation';
import { type Attrs, isFailure, type ShapeRule, type TensorInfo } from '../../../src/core/shapes/rules/types';

const conv2d = conv2dOp.signature.shape;
const maxPool2d = max_pool2d.signature.shape;

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
      assert.deepEqual(r.partial, [8, 1024]);
    });

    it('goes on with the product a batched transpose would give, with no fix to offer', () => {
      // q @ k for q @ k.transpose(-2, -1): attention scores (B, h, T, T), not (B, h, T, d).
      const r = run(matmul, [t([8, 4, 32, 16]), t([8, 4, 32, 16])]);
      assert.ok(isFailure(r));
      assert.equal(r.transpose, undefined);
      assert.deepEqual(r.partial, [8, 4, 32, 32]);
      const left = run(matmul, [t([5, 3]), t([5, 2])]);
      assert.ok(isFailure(left));
      assert.equal(left.transpose, 0);
      assert.deepEqual(left.partial, [3, 2]);
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

  describe('computed sizes stay exact in the symbols', () => {
    const withBindings = (rule: ShapeRule, inputs: TensorInfo[], attrs: Attrs = {}) => {
      const bindings = new Bindings();
      const r = rule(inputs, attrs, { bindings });
      return { shape: shapeOf(r), conditions: bindings.takeConditions() };
    };

    it('concat adds the sizes along its axis', () => {
      assert.deepEqual(shapeOf(run(concat, [t(['B', 'T', 'C']), t(['B', 'T', 'C'])], { axis: -1 })), ['B', 'T', '2*C']);
      assert.deepEqual(shapeOf(run(concat, [t(['N', 3]), t(['M', 3]), t([2, 3])], { axis: 0 })), ['M+N+2', 3]);
      assert.deepEqual(shapeOf(run(concat, [t(['?', 3]), t(['N', 3])], { axis: 0 })), ['?', 3]);
    });

    it('reshape into (B, T, 4, C//4) fits only when 4 divides C, and says so', () => {
      const r = withBindings(reshape, [t(['B', 'T', 'C'])], { shape: ['B', 'T', 4, 'C//4'] });
      assert.deepEqual(r.shape, ['B', 'T', 4, 'C//4']);
      assert.deepEqual(r.conditions, ['C = 4·k']);
      const h = withBindings(reshape, [t(['B', 'T', 'C'])], { shape: ['B', 'T', 'h', -1] });
      assert.deepEqual(h.shape, ['B', 'T', 'h', 'C//h']);
      assert.deepEqual(h.conditions, ['C = h·k']);
    });

    it('reshape of equal counts needs no condition, and of counts that never agree is an error', () => {
      assert.deepEqual(withBindings(reshape, [t(['B', 'T', 'C'])], { shape: ['B', '2*T', 'C//2'] }).conditions, ['C = 2·k']);
      assert.deepEqual(withBindings(reshape, [t(['B', 'T', 'C'])], { shape: ['B', 'C*T'] }), { shape: ['B', 'C*T'], conditions: [] });
      assert.deepEqual(withBindings(reshape, [t(['B', 'T', 'C'])], { shape: ['B', -1] }), { shape: ['B', 'C*T'], conditions: [] });
      const r = run(reshape, [t(['N', 'T'])], { shape: ['N', 'T', 2] });
      assert.ok(isFailure(r));
      assert.equal(r.code, 'reshape-size');
    });

    it('flatten and outer multiply', () => {
      assert.deepEqual(shapeOf(run(flatten, [t(['N', 'C', 'H', 'W'])])), ['N', 'C*H*W']);
      assert.deepEqual(shapeOf(run(outer, [t(['N']), t(['M', 2])])), ['N', '2*M']);
    });

    it('conv and pool give (H + 2p − k) // s + 1 on a symbolic height and width', () => {
      assert.equal(convOutput('H', 3, 1, 0), 'H-2');
      assert.equal(convOutput('H', 3, 1, 1), 'H');
      assert.equal(convOutput('H', 3, 2, 1), '(H+1)//2');
      assert.equal(convOutput('H', 3, 2, 'SAME'), '(H+1)//2');
      assert.equal(convOutput('H', 3, 1, 0, 2), 'H-4');
      assert.equal(convOutput('?', 3, 1, 0), '?');
      assert.deepEqual(shapeOf(run(conv2d, [t(['N', 'H', 'W', 3]), t([5, 5, 3, 8])], { padding: 'VALID' })), ['N', 'H-4', 'W-4', 8]);
      assert.deepEqual(shapeOf(run(maxPool2d, [t(['N', 16, 'H', 'W'])], { kernel_size: 2, layout: 'NCHW' })), ['N', 16, 'H//2', 'W//2']);
    });

    it('slices of a symbolic axis', () => {
      const items = (...specs: object[]) => ({ items: specs as unknown as Attrs['items'] });
      const slice = (start: number | null, stop: number | null, step: number | null = null) => ({ kind: 'slice', start, stop, step });
      assert.deepEqual(shapeOf(run(index, [t(['N', 'D'])], items(slice(1, null)))), ['N-1', 'D']);
      assert.deepEqual(shapeOf(run(index, [t(['N', 'D'])], items(slice(null, -1)))), ['N-1', 'D']);
      assert.deepEqual(shapeOf(run(index, [t(['N', 'D'])], items(slice(-3, null)))), [3, 'D']);
      assert.deepEqual(shapeOf(run(index, [t(['N', 'D'])], items(slice(null, null, 2)))), ['(N+1)//2', 'D']);
      assert.deepEqual(shapeOf(run(index, [t(['N', 'D'])], items(slice(null, null, -1)))), ['?', 'D']);
    });

    it('arange with a symbolic bound', () => {
      assert.deepEqual(shapeOf(run(arange, [], { start: 'N' })), ['N']);
      assert.deepEqual(shapeOf(run(arange, [], { start: 1, stop: 'N' })), ['N-1']);
      assert.deepEqual(shapeOf(run(arange, [], { start: 0, stop: 'N', step: 2 })), ['(N+1)//2']);
    });
  });
});
