import { strict as assert } from 'node:assert';
import type { Tensor } from '@tensorflow/tfjs-core';
import { loadTf } from '../../../../src/core/numeric/tfjs/load';

/** Where a tensor's values live in the wasm module's memory. */
const offsetOf = (backend: unknown, t: Tensor) => (backend as { typedArrayFromHeap(t: Tensor): Float32Array }).typedArrayFromHeap(t).byteOffset;

describe('numeric/tfjs: Identity shares the buffer on wasm', () => {
  it('clones without copying, keeps the values after the original goes, and frees the buffer with the last holder', async () => {
    const rt = await loadTf();
    assert.equal(rt.backend, 'wasm', 'the unit tests run on the wasm backend');
    const { tf } = rt;
    const before = tf.memory();
    const x = tf.tensor2d([1.5, -2, 3, 4.25, 0, -7], [2, 3]);
    const y = tf.clone(x);
    assert.equal(offsetOf(tf.backend(), y), offsetOf(tf.backend(), x), 'the clone reads the same memory');
    x.dispose();
    assert.deepEqual(Array.from(y.dataSync()), [1.5, -2, 3, 4.25, 0, -7]);
    y.dispose();
    const after = tf.memory();
    assert.equal(after.numTensors, before.numTensors);
    assert.equal(after.numBytes, before.numBytes);
    assert.equal((after as { numDataBuffers?: number }).numDataBuffers, (before as { numDataBuffers?: number }).numDataBuffers);
  });

  it('leaves the gradients of ops that save tensors for their backward pass as they were', async () => {
    const { tf } = await loadTf();
    tf.tidy(() => {
      // d/dx sum(exp(x) · w) = exp(x) · w: exp saves its output, mul both inputs.
      const x = tf.tensor1d([0.5, -1, 2]);
      const w = tf.tensor1d([3, -0.25, 1]);
      const [g] = tf.grads((a: Tensor) => tf.sum(tf.mul(tf.exp(a), w)))([x]);
      const want = [0.5, -1, 2].map((v, i) => Math.exp(v) * [3, -0.25, 1][i]);
      Array.from(g.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - want[i]) <= 1e-6 * Math.abs(want[i]), `element ${i}: ${v} vs ${want[i]}`));
    });
  });
});
