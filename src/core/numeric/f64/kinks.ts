import { OP_MODULES, unaryTable } from '../../ops/index';
import { broadcastMap } from '../index-plan';
import type { F64Tensor } from '../tensor';
import { poolArgmax } from './conv';
import { reduction } from './reduce';
import { sidesHash } from './sides';
import type { KinkSignature } from './types';

export type { KinkSignature } from './types';

class Hasher {
  h = 0x811c9dc5;
  push(bit: number): void {
    this.h = Math.imul(this.h ^ bit, 16777619) >>> 0;
  }
}

function bits(n: number, f: (i: number) => number): number {
  const h = new Hasher();
  for (let i = 0; i < n; i++) h.push(f(i));
  return h.h;
}

const outputBits: KinkSignature = (_i, out) => bits(out.data.length, (i) => out.data[i]);
/** Which side of each of the module's kink points every element is on. */
const sideBits = (points: readonly number[]): KinkSignature => ([x]) => sidesHash(x, points);

/** The elementwise functions whose derivative jumps, from their modules. */
const UNARY_KINKS: Record<string, KinkSignature> = Object.fromEntries(
  Object.entries(unaryTable((op) => (op.kinks.length > 0 ? sideBits(op.kinks) : null))).filter((e): e is [string, KinkSignature] => e[1] !== null),
);

/** maximum/minimum: which operand each output came from (ties count as their own branch). */
const pickBits: KinkSignature = ([a, b], out) => {
  const ma = broadcastMap(a.shape, out.shape);
  const mb = broadcastMap(b.shape, out.shape);
  return bits(out.data.length, (i) => {
    const x = a.data[ma[i]];
    const y = b.data[mb[i]];
    return x > y ? 1 : x < y ? 2 : 0;
  });
};

/** max/min reductions: which elements reach the extreme. */
const extremeBits: KinkSignature = ([x], out, ctx) => {
  const r = reduction(x.shape, ctx.node.attrs.axis, true);
  return bits(x.data.length, (i) => (x.data[i] === out.data[r.map[i]] ? 1 : 0));
};

const poolBits: KinkSignature = ([x], _out, ctx) => {
  const { arg } = poolArgmax(x, ctx.node.attrs);
  return bits(arg.length, (i) => arg[i]);
};

export const KINKS: Record<string, KinkSignature> = {
  ...UNARY_KINKS,
  ...Object.fromEntries(OP_MODULES.flatMap((op) => (op.kinks ? [[op.name, op.kinks]] : []))),
  maximum: pickBits,
  minimum: pickBits,
  max: extremeBits,
  min: extremeBits,
  argmax: outputBits,
  gt: outputBits,
  ge: outputBits,
  lt: outputBits,
  le: outputBits,
  eq: outputBits,
  max_pool2d: poolBits,
};
