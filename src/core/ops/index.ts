import { UNARY_OPS } from './elementwise/index';
import type { UnaryOp } from './unary';

export { UNARY_OPS } from './elementwise/index';
export { paramOf, type UnaryOp } from './unary';

/** The name of an elementwise function that has its own module. */
export type UnaryOpName = (typeof UNARY_OPS)[number]['name'];

const BY_NAME: ReadonlyMap<string, UnaryOp> = new Map(UNARY_OPS.map((op) => [op.name, op]));

/** The module of an elementwise function, or undefined for any other op. */
export function unaryOpNamed(name: string): UnaryOp | undefined {
  return BY_NAME.get(name);
}

/** A view of the modules as a table keyed by op name. */
export function unaryTable<T>(view: (op: UnaryOp) => T): Record<UnaryOpName, T> {
  return Object.fromEntries(UNARY_OPS.map((op) => [op.name, view(op)])) as Record<UnaryOpName, T>;
}
