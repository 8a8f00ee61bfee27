import { BINARY_OPS } from './binary/index';
import { CONV_OPS } from './conv/index';
import { CREATION_OPS, LEAF_OPS } from './creation/index';
import { ELEMENTWISE_MODULES, UNARY_OPS } from './elementwise/index';
import { INDEXING_OPS } from './indexing/index';
import { LINALG_OPS } from './linalg/index';
import { LOSS_OPS } from './loss/index';
import { REDUCTION_OPS } from './reduce/index';
import { SHAPE_OPS } from './shape/index';
import { OP_MODULES as GENERAL } from './general/index';
import type { LeafModule, OpModule } from './op';
import type { UnaryOp } from './unary';

export { UNARY_OPS } from './elementwise/index';
export type { ArrayLibrary, LeafModule, MathSpelling, OpModule, SymbolicContext } from './op';
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

const MODULES = [...GENERAL, ...BINARY_OPS, ...REDUCTION_OPS, ...LINALG_OPS, ...SHAPE_OPS, ...ELEMENTWISE_MODULES, ...LOSS_OPS, ...INDEXING_OPS, ...CONV_OPS, ...CREATION_OPS] as const;

/** The name of a graph op with a module of the general kind. */
export type OpModuleName = (typeof MODULES)[number]['name'];

/** Every graph op with a module of the general kind: the general ones, and each family's (ops/<family>/). */
export const OP_MODULES: readonly OpModule<OpModuleName>[] = MODULES;

const MODULE_BY_NAME: ReadonlyMap<string, OpModule> = new Map(OP_MODULES.map((op) => [op.name, op]));

/** The module of a graph op of the general kind, or undefined. */
export function opModuleNamed(name: string): OpModule | undefined {
  return MODULE_BY_NAME.get(name);
}

/** A view of the general modules as a table keyed by op name. */
export function moduleTable<T>(view: (op: OpModule) => T): Record<OpModuleName, T> {
  return Object.fromEntries(OP_MODULES.map((op) => [op.name, view(op)])) as Record<OpModuleName, T>;
}

/** The name of a leaf op (randn, zeros, placeholder, const, …). */
export type LeafOpName = (typeof LEAF_OPS)[number]['name'];

/** Every leaf op: no operands, values drawn as its module says (ops/creation/). */
export const LEAF_MODULES: readonly LeafModule<LeafOpName>[] = LEAF_OPS;

const LEAF_BY_NAME: ReadonlyMap<string, LeafModule> = new Map(LEAF_MODULES.map((op) => [op.name, op]));

/** The module of a leaf op, or undefined. */
export function leafModuleNamed(name: string): LeafModule | undefined {
  return LEAF_BY_NAME.get(name);
}

/** A view of the leaf modules as a table keyed by op name. */
export function leafTable<T>(view: (op: LeafModule) => T): Record<LeafOpName, T> {
  return Object.fromEntries(LEAF_MODULES.map((op) => [op.name, view(op)])) as Record<LeafOpName, T>;
}
