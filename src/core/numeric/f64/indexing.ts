import type { IndexArray } from '../index-plan';
import type { F64Tensor } from '../tensor';
import type { KernelContext } from './types';

/** The index arrays of an indexing node (ops/index/), its inputs from `first` on. */
export function indexArrays(inputs: F64Tensor[], ctx: KernelContext, first: number): (k: number) => IndexArray {
  return (k) => {
    const at = first + k - 1;
    const t = inputs[at];
    if (!t) throw new Error(`index input ${k} is missing`);
    return { shape: t.shape, data: t.data, bool: ctx.inputNodes[at].dtype === 'bool' };
  };
}
