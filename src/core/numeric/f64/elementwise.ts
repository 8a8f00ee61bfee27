import { paramOf, type UnaryOp, unaryTable } from '../../ops/index';
import { mapUnary } from './broadcast';
import type { F64Kernel, KernelTable } from './types';

/** An elementwise function's float64 kernel, from its module. */
function unaryKernel(op: UnaryOp): F64Kernel {
  const f = op.f64;
  if (!op.param) return ([x]) => mapUnary(x, (v) => f(v, 0));
  return ([x], ctx) => {
    const p = paramOf(op, ctx.node.attrs);
    return mapUnary(x, (v) => f(v, p));
  };
}

export const ELEMENTWISE: KernelTable = {
  ...unaryTable(unaryKernel),
};
