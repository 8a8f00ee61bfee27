import { strict as assert } from 'node:assert';
import { planIndex, sliceParams } from '../../../src/core/numeric/index-plan';
import type { IndexSpec } from '../../../src/core/shapes/rules/index';

const S = (start: number | null = null, stop: number | null = null, step: number | null = null): IndexSpec => ({ kind: 'slice', start, stop, step });
const arr = (shape: number[], data: number[], bool = false) => ({ shape, data, bool });

/** x = arange(24).reshape(2, 3, 4): offsets equal values, so plans read as NumPy results. */
describe('numeric/index-plan (NumPy indexing)', () => {
  const X = [2, 3, 4];
  const plan = (items: IndexSpec[], tensors: ReturnType<typeof arr>[] = []) => {
    const p = planIndex(X, items, (k) => tensors[k - 1]);
    return { shape: p.shape, values: [...p.offsets] };
  };

  it('slices like Python, negative steps included', () => {
    assert.deepEqual(sliceParams(5, null, null, -1), { start: 4, step: -1, len: 5 });
    assert.deepEqual(sliceParams(5, -2, null, null), { start: 3, step: 1, len: 2 });
    assert.deepEqual(sliceParams(5, 1, 100, 2), { start: 1, step: 2, len: 2 });
    // x[1, ::-1, 1:3] → [[21, 22], [17, 18], [13, 14]]
    assert.deepEqual(plan([{ kind: 'int', value: 1 }, S(null, null, -1), S(1, 3)]), { shape: [3, 2], values: [21, 22, 17, 18, 13, 14] });
  });

  it('newaxis and ellipsis', () => {
    assert.deepEqual(plan([{ kind: 'ellipsis' }, { kind: 'int', value: -1 }]), { shape: [2, 3], values: [3, 7, 11, 15, 19, 23] });
    assert.deepEqual(plan([{ kind: 'int', value: 0 }, { kind: 'newaxis' }, { kind: 'int', value: 2 }]).shape, [1, 4]);
  });

  it('integer arrays broadcast together and keep their place when adjacent', () => {
    // x[:, [0, 2], [1, 3]] → shape (2, 2): [[1, 11], [13, 23]]
    assert.deepEqual(plan([S(), { kind: 'tensor', input: 1 }, { kind: 'tensor', input: 2 }], [arr([2], [0, 2]), arr([2], [1, 3])]), { shape: [2, 2], values: [1, 11, 13, 23] });
    // x[[1, 0], :, [0]]: separated by a slice → the advanced axis goes first: shape (2, 3)
    assert.deepEqual(plan([{ kind: 'tensor', input: 1 }, S(), { kind: 'tensor', input: 2 }], [arr([2], [1, 0]), arr([1], [0])]), { shape: [2, 3], values: [12, 16, 20, 0, 4, 8] });
    // Integers count as advanced next to an array: x[0, :, [1, 2]] → shape (2, 3)
    assert.deepEqual(plan([{ kind: 'int', value: 0 }, S(), { kind: 'tensor', input: 1 }], [arr([2], [1, 2])]).shape, [2, 3]);
  });

  it('boolean masks select their true positions in row-major order', () => {
    const mask = arr([2, 3], [1, 0, 0, 0, 1, 1], true);
    assert.deepEqual(plan([{ kind: 'tensor', input: 1 }], [mask]), { shape: [3, 4], values: [0, 1, 2, 3, 16, 17, 18, 19, 20, 21, 22, 23] });
  });

  it('rejects out-of-bounds indices', () => {
    assert.throws(() => plan([{ kind: 'tensor', input: 1 }], [arr([1], [2])]), /out of bounds/);
  });
});
