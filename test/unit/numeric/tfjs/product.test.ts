import { strict as assert } from 'node:assert';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { product } from '../../../../src/core/numeric/tfjs/custom/matmul';
import { loadTf } from '../../../../src/core/numeric/tfjs/load';
import { assertClose } from '../graph';

describe('numeric/tfjs product: explicit transposes in the cheaper order', () => {
  it('equals matMul with its transpose flags, whichever form it picks', async () => {
    const { tf } = await loadTf();
    // Shapes where the written form is cheaper and where the swapped one is (a small left
    // operand times a large right one), with and without transposed operands.
    const cases: [number, number, number][] = [
      [3, 4, 5],
      [2, 300, 200],
      [200, 300, 2],
      [1, 7, 1],
    ];
    for (const [m, k, n] of cases) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          tf.tidy(() => {
            const a = tf.randomNormal(ta ? [k, m] : [m, k], 0, 1, 'float32', 1) as Tensor2D;
            const b = tf.randomNormal(tb ? [n, k] : [k, n], 0, 1, 'float32', 2) as Tensor2D;
            const got = product(tf, a, b, ta, tb);
            assert.deepEqual(got.shape, [m, n]);
            assertClose(got.dataSync(), tf.matMul(a, b, ta, tb).dataSync(), 1e-4, `(${m}, ${k}, ${n}) ${ta} ${tb}`);
          });
        }
      }
    }
  });
});
