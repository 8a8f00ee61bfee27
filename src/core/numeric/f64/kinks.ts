import { OP_MODULES, unaryTable } from '../../ops/index';
import { sidesHash } from './sides';
import type { KinkSignature } from './types';

export type { KinkSignature } from './types';

/** Which side of each of the module's kink points every element is on. */
const sideBits = (points: readonly number[]): KinkSignature => ([x]) => sidesHash(x, points);

/** The elementwise functions whose derivative jumps, from their modules. */
const UNARY_KINKS: Record<string, KinkSignature> = Object.fromEntries(
  Object.entries(unaryTable((op) => (op.kinks.length > 0 ? sideBits(op.kinks) : null))).filter((e): e is [string, KinkSignature] => e[1] !== null),
);

export const KINKS: Record<string, KinkSignature> = {
  ...UNARY_KINKS,
  ...Object.fromEntries(OP_MODULES.flatMap((op) => (op.kinks ? [[op.name, op.kinks]] : []))),
};
