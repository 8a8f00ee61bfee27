import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import type { Tf } from './tf';

/** The part of a backend that counts the tensors sharing one buffer. */
interface RefCounted {
  incRef(dataId: unknown): void;
}

/**
 * Replaces the wasm backend's Identity kernel, which copies its input, by one that shares
 * the input's buffer, as its Reshape kernel and the cpu backend's Identity do (tensors are
 * immutable, and the backend frees a buffer when the last tensor holding it goes).
 * TensorFlow.js clones every tensor it saves for a backward pass through Identity, so the
 * copy costs a pass over the largest operands of each differentiated product.
 */
export function shareIdentityOnWasm(tf: Tf): void {
  const kernel: KernelConfig = {
    kernelName: tf.Identity,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x as TensorInfo;
      (backend as unknown as RefCounted).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
  if (tf.getKernel(tf.Identity, 'wasm')) tf.unregisterKernel(tf.Identity, 'wasm');
  tf.registerKernel(kernel);
}
