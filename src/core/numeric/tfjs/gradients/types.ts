import type { GradConfig } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf';

/** The gradient of one TensorFlow.js kernel, built for a tfjs instance and registered by its kernel name. */
export type TfGradient = (tf: Tf) => GradConfig;
