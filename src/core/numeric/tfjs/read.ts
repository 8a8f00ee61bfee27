import type { Tensor } from '@tensorflow/tfjs-core';
import type { F64Tensor } from '../tensor';
import type { TfRuntime } from './load';

/** The part of the wasm backend that exposes a tensor's memory without copying it. */
interface HeapView {
  typedArrayFromHeap(t: Tensor): Float32Array | Int32Array | Uint8Array;
}

/**
 * A tensor's values as float64. On wasm, read straight from the module's heap: dataSync()
 * would first copy the bytes into a new float32 array (for a 1568×1024 gradient that copy
 * costs as much as the product computing it), then we would copy again to widen them.
 */
export function readF64(rt: TfRuntime, t: Tensor): F64Tensor {
  const backend = rt.backend === 'wasm' ? (rt.tf.backend() as unknown as Partial<HeapView>) : null;
  const view = typeof backend?.typedArrayFromHeap === 'function' ? backend.typedArrayFromHeap(t) : t.dataSync();
  return { shape: [...t.shape], data: new Float64Array(view as Float32Array) };
}
