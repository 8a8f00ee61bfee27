import type { IndexSpec } from '../../shapes/rules/index';
import { type IndexArray, lastWriter, planIndex } from '../index-plan';
import type { F64Tensor } from '../tensor';
import { broadcastTo } from './broadcast';
import type { KernelContext, KernelTable } from './types';

function indexArrays(inputs: F64Tensor[], ctx: KernelContext, first: number): (k: number) => IndexArray {
  return (k) => {
    const at = first + k - 1;
    const t = inputs[at];
    if (!t) throw new Error(`index input ${k} is missing`);
    return { shape: t.shape, data: t.data, bool: ctx.inputNodes[at].dtype === 'bool' };
  };
}

function index(inputs: F64Tensor[], ctx: KernelContext): F64Tensor {
  const x = inputs[0];
  const plan = planIndex(x.shape, (ctx.node.attrs.items ?? []) as IndexSpec[], indexArrays(inputs, ctx, 1));
  const data = new Float64Array(plan.offsets.length);
  for (let i = 0; i < data.length; i++) data[i] = x.data[plan.offsets[i]];
  return { shape: plan.shape, data };
}

const UPDATE: Record<string, (x: number, v: number) => number> = {
  set: (_x, v) => v,
  add: (x, v) => x + v,
  sub: (x, v) => x - v,
  mul: (x, v) => x * v,
  div: (x, v) => x / v,
};

/**
 * `x[items] op= v`: NumPy reads the indexed part once, then writes; a repeated index keeps the
 * last write. Mode `accumulate` is np.add.at, which adds every write.
 */
function indexUpdate(inputs: F64Tensor[], ctx: KernelContext): F64Tensor {
  const [x, v] = inputs;
  const plan = planIndex(x.shape, (ctx.node.attrs.items ?? []) as IndexSpec[], indexArrays(inputs, ctx, 2));
  const value = broadcastTo(v, plan.shape);
  const data = x.data.slice();
  if (ctx.node.attrs.mode === 'accumulate') {
    // np.add.at: every index contributes, a repeated one once per time it appears.
    for (let i = 0; i < plan.offsets.length; i++) data[plan.offsets[i]] += value.data[i];
    return { shape: [...x.shape], data };
  }
  const op = UPDATE[String(ctx.node.attrs.mode ?? 'set')] ?? UPDATE.set;
  const writer = lastWriter(x.data.length, plan.offsets);
  for (let p = 0; p < data.length; p++) if (writer[p] >= 0) data[p] = op(x.data[p], value.data[writer[p]]);
  return { shape: [...x.shape], data };
}

export const INDEXING: KernelTable = { index, index_update: indexUpdate };
