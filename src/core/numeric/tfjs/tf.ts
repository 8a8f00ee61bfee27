import type * as TF from '@tensorflow/tfjs-core';

/** The TensorFlow.js module as loadTf hands it out; its own file so kernels and gradients need not import the loader. */
export type Tf = typeof TF;
