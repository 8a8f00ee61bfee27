import { broadcastMap } from '../index-plan';
import type { F64Tensor } from '../tensor';
import { sizeOf } from '../tensor';
import { broadcastShape, mapBinary, mapUnary } from './broadcast';
import type { F64Kernel, KernelTable } from './types';

const unary = (f: (v: number) => number): F64Kernel => ([x]) => mapUnary(x, f);
const binary = (f: (a: number, b: number) => number): F64Kernel => ([a, b]) => mapBinary(a, b, f);

/** Written to stay finite for large |x|, as the exp of a large negative number underflows to 0. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
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
  exp: unary(Math.exp),
  log: unary(Math.log),
  sqrt: unary(Math.sqrt),
  tanh: unary(Math.tanh),
  sigmoid: unary(sigmoid),
  relu: unary((v) => (v > 0 ? v : v === v ? 0 : v)),
  abs: unary(Math.abs),
  square: unary((v) => v * v),
  copy: unary((v) => v),
  zeros_like: unary(() => 0),
  ones_like: unary(() => 1),

  add: binary((a, b) => a + b),
  sub: binary((a, b) => a - b),
  mul: binary((a, b) => a * b),
  div: binary((a, b) => a / b),
  pow: binary((a, b) => (b === 2 ? a * a : Math.pow(a, b))),
  maximum: binary((a, b) => (a !== a || b !== b ? NaN : a >= b ? a : b)),
  minimum: binary((a, b) => (a !== a || b !== b ? NaN : a <= b ? a : b)),
  gt: binary((a, b) => (a > b ? 1 : 0)),
  ge: binary((a, b) => (a >= b ? 1 : 0)),
  lt: binary((a, b) => (a < b ? 1 : 0)),
  le: binary((a, b) => (a <= b ? 1 : 0)),
  eq: binary((a, b) => (a === b ? 1 : 0)),
  where,
};
