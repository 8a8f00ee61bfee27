import type { Tensor } from '@tensorflow/tfjs-core';
import type { GraphNode } from '../../ir/graph';
import type { NumericEnv } from '../env';
import type { CustomOps } from './custom-ops';
import type { Tf } from './tf';

export interface TfKernelContext {
  tf: Tf;
  ops: CustomOps;
  node: GraphNode;
  /** The node's traced shape with its symbols resolved. */
  shape: number[];
  inputNodes: GraphNode[];
  env: NumericEnv;
}

/** One op on TensorFlow.js tensors (float32), differentiable by tf.grads. */
export type TfKernel = (inputs: Tensor[], ctx: TfKernelContext) => Tensor;

export type TfKernelTable = Record<string, TfKernel>;
