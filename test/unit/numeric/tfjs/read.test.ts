import { strict as assert } from 'node:assert';
import { loadTf } from '../../../../src/core/numeric/tfjs/load';
import { readF64 } from '../../../../src/core/numeric/tfjs/read';

describe('numeric/tfjs readF64: values straight from the backend', () => {
  it('gives the values and shape dataSync gives, for float, integer and boolean tensors', async () => {
    const rt = await loadTf();
    const { tf } = rt;
    tf.tidy(() => {
      const cases = [tf.randomNormal([3, 5], 0, 1, 'float32', 4), tf.tensor([[1, -2], [3, 2147483647]], [2, 2], 'int32'), tf.tensor([true, false, true], [3], 'bool'), tf.scalar(0.1)];
      for (const t of cases) {
        const got = readF64(rt, t);
        assert.deepEqual(got.shape, t.shape);
        assert.ok(got.data instanceof Float64Array);
        assert.deepEqual(Array.from(got.data), Array.from(t.dataSync()));
      }
    });
    // A computed tensor (not uploaded from JS) is read after its kernel ran.
    const start = tf.memory().numTensors;
    tf.tidy(() => assert.deepEqual(Array.from(readF64(rt, tf.matMul(tf.ones([2, 3]), tf.ones([3, 4]))).data), new Array(8).fill(3)));
    assert.equal(tf.memory().numTensors, start);
  });
});
