import type { Tensor } from '@tensorflow/tfjs-core';
import type { IndexArray } from '../index-plan';
import type { TfKernelContext } from './types';

/**
 * The index arrays of an indexing node (ops/index/), its inputs from `first` on, read back:
 * they are integers or masks, constants for differentiation.
 */
export function indexArrays(inputs: Tensor[], ctx: TfKernelContext, first: number): (k: number) => IndexArray {
  return (k) => {
    const t = inputs[first + k - 1];
    return { shape: t.shape, data: t.dataSync(), bool: ctx.inputNodes[first + k - 1].dtype === 'bool' };
  };
}
