import { paramOf, type UnaryOp, unaryTable } from '../../ops/index';
import { broadcastMap } from '../index-plan';
import type { F64Tensor } from '../tensor';
import { sizeOf } from '../tensor';
import { type Arithmetic, mapArithmetic } from './arithmetic';
import { broadcastShape, mapBinary, mapUnary } from './broadcast';
import type { F64Kernel, KernelTable } from './types';

const unary = (f: (v: number) => number): F64Kernel => ([x]) => mapUnary(x, f);
const binary = (f: (a: number, b: number) => number): F64Kernel => ([a, b]) => mapBinary(a, b, f);
const arithmetic = (op: Arithmetic): F64Kernel => ([a, b]) => mapArithmetic(a, b, op);

/** An elementwise function's float64 kernel, from its module. */
function unaryKernel(op: UnaryOp): F64Kernel {
  const f = op.f64;
  if (!op.param) return ([x]) => mapUnary(x, (v) => f(v, 0));
  return ([x], ctx) => {
    const p = paramOf(op, ctx.node.attrs);
    return mapUnary(x, (v) => f(v, p));
  };
}

function where([c, a, b]: F64Tensor[]): F64Tensor {
  const shape = broadcastShape(broadcastShape(c.shape, a.shape), b.shape);
  const n = sizeOf(shape);
  const mc = broadcastMap(c.shape, shape);
  const ma = broadcastMap(a.shape, shape);
  const mb = broadcastMap(b.shape, shape);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = c.data[mc[i]] ? a.data[ma[i]] : b.data[mb[i]];
  return { shape, data };
}

export const ELEMENTWISE: KernelTable = {
  neg: unary((v) => -v),
  ...unaryTable(unaryKernel),
  square: unary((v) => v * v),
  copy: unary((v) => v),
  zeros_like: unary(() => 0),
  ones_like: unary(() => 1),

  add: arithmetic('add'),
  sub: arithmetic('sub'),
  mul: arithmetic('mul'),
  div: arithmetic('div'),
  pow: binary((a, b) => (b === 2 ? a * a : Math.pow(a, b))),
  maximum: arithmetic('maximum'),
  minimum: arithmetic('minimum'),
  gt: binary((a, b) => (a > b ? 1 : 0)),
  ge: binary((a, b) => (a >= b ? 1 : 0)),
  lt: binary((a, b) => (a < b ? 1 : 0)),
  le: binary((a, b) => (a <= b ? 1 : 0)),
  eq: binary((a, b) => (a === b ? 1 : 0)),
  where,
};
