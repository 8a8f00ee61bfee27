import { OP_MODULES, unaryTable } from '../../ops/index';
import { poolArgmax } from './conv';
import { hashBits as bits } from './kink-bits';
import { sidesHash } from './sides';
import type { KinkSignature } from './types';

export type { KinkSignature } from './types';

/** Which side of each of the module's kink points every element is on. */
const sideBits = (points: readonly number[]): KinkSignature => ([x]) => sidesHash(x, points);

/** The elementwise functions whose derivative jumps, from their modules. */
const UNARY_KINKS: Record<string, KinkSignature> = Object.fromEntries(
  Object.entries(unaryTable((op) => (op.kinks.length > 0 ? sideBits(op.kinks) : null))).filter((e): e is [string, KinkSignature] => e[1] !== null),
);

const poolBits: KinkSignature = ([x], _out, ctx) => {
  const { arg } = poolArgmax(x, ctx.node.attrs);
  return bits(arg.length, (i) => arg[i]);
};

export const KINKS: Record<string, KinkSignature> = {
  ...UNARY_KINKS,
  ...Object.fromEntries(OP_MODULES.flatMap((op) => (op.kinks ? [[op.name, op.kinks]] : []))),
  max_pool2d: poolBits,
};
