import type { Tensor } from '@tensorflow/tfjs-core';
import { makeMatmul } from './custom/matmul';
import type { Tf } from './tf';

/** Custom-gradient ops that can be built once per TensorFlow.js instance. */
export interface CustomOps {
  /** 2-D matmul whose backward pass avoids transposed matmuls. */
  matmul2d: (a: Tensor, b: Tensor) => Tensor;
}

const cache = new WeakMap<Tf, CustomOps>();

export function customOps(tf: Tf): CustomOps {
  let ops = cache.get(tf);
  if (!ops) {
    ops = { matmul2d: makeMatmul(tf) };
    cache.set(tf, ops);
  }
  return ops;
}
