import { strict as assert } from 'node:assert';
import { broadcastMap } from '../../../../src/core/numeric/index-plan';
import { ARITHMETIC, type Arithmetic, mapArithmetic } from '../../../../src/core/numeric/f64/arithmetic';
import { broadcastShape } from '../../../../src/core/numeric/f64/broadcast';
import { Rng } from '../../../../src/core/numeric/prng';
import { type F64Tensor, sizeOf } from '../../../../src/core/numeric/tensor';

const rng = new Rng(11);
const OPS = Object.keys(ARITHMETIC) as Arithmetic[];

/** Random values with a NaN, an inf and exact ties sprinkled in, so that maximum/minimum and 0/0 are exercised. */
function tensor(shape: number[]): F64Tensor {
  const data = rng.normals(sizeOf(shape));
  if (data.length > 2) {
    data[0] = NaN;
    data[1] = Infinity;
    data[2] = 0;
  }
  return { shape, data };
}

/** NumPy broadcasting spelled out element by element through index maps: the reference. */
function reference(a: F64Tensor, b: F64Tensor, op: Arithmetic): F64Tensor {
  const shape = broadcastShape(a.shape, b.shape);
  const ma = broadcastMap(a.shape, shape);
  const mb = broadcastMap(b.shape, shape);
  const f = ARITHMETIC[op];
  return { shape, data: Float64Array.from(ma, (ia, i) => f(a.data[ia], b.data[mb[i]])) };
}

const PAIRS: [number[], number[], string][] = [
  [[3, 4], [3, 4], 'same shape'],
  [[3, 4], [], 'scalar right'],
  [[], [2, 5], 'scalar left'],
  [[4, 6], [6], 'a row repeated over the rows'],
  [[6], [4, 6], 'a row repeated on the left'],
  [[4, 6], [4, 1], 'a keepdims column spread along the rows'],
  [[2, 3, 5], [2, 3, 1], 'a column spread in 3-D'],
  [[2, 3, 5], [1, 1, 5], 'a row repeated in 3-D'],
  [[2, 3, 5], [3, 5], 'a matrix repeated over a batch'],
  [[2, 3, 5], [2, 1, 5], 'a middle axis broadcast (index maps)'],
  [[4, 1], [1, 6], 'an outer combination, both broadcast'],
  [[4, 1], [4], 'column against row with equal runs'],
  [[1, 1], [3, 1], 'size-one axes on both sides'],
  [[0, 3], [3], 'an empty result'],
];

describe('numeric/f64/arithmetic: elementwise ops in loops per op', () => {
  for (const [sa, sb, what] of PAIRS) {
    it(`agrees with NumPy broadcasting element by element: ${what}`, () => {
      const a = tensor(sa);
      const b = tensor(sb);
      for (const op of OPS) {
        const got = mapArithmetic(a, b, op);
        const want = reference(a, b, op);
        assert.deepEqual(got.shape, want.shape, op);
        // Exactly the same doubles (NaN included): the loops do the same operation per element.
        assert.deepEqual(Array.from(got.data), Array.from(want.data), `${op} on (${sa}) and (${sb})`);
      }
    });
  }

  it('computes the worked examples', () => {
    const t = (shape: number[], data: number[]): F64Tensor => ({ shape, data: Float64Array.from(data) });
    assert.deepEqual(Array.from(mapArithmetic(t([2, 2], [1, 2, 3, 4]), t([2, 1], [10, 20]), 'sub').data), [-9, -8, -17, -16]);
    assert.deepEqual(Array.from(mapArithmetic(t([2, 2], [1, 2, 3, 4]), t([2], [10, 20]), 'mul').data), [10, 40, 30, 80]);
    assert.deepEqual(Array.from(mapArithmetic(t([], [1]), t([3], [0, -2, 4]), 'div').data), [Infinity, -0.5, 0.25]);
    assert.deepEqual(Array.from(mapArithmetic(t([3], [NaN, 1, -1]), t([], [0]), 'maximum').data), [NaN, 1, 0]);
    assert.deepEqual(Array.from(mapArithmetic(t([3], [NaN, 1, -1]), t([], [0]), 'minimum').data), [NaN, 0, -1]);
  });

  it('throws on shapes that do not broadcast', () => {
    assert.throws(() => mapArithmetic(tensor([2, 3]), tensor([4]), 'add'), /do not broadcast/);
  });
});
