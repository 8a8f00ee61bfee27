import type { Bindings } from '../bindings';
import type { Dim, Shape } from '../dim';

export type DType = 'float' | 'int' | 'bool';

export interface TensorInfo {
  shape: Shape;
  dtype: DType;
}

/** Attribute values after evaluation: plain data only. */
export type AttrValue = number | string | boolean | null | Dim | AttrValue[] | { [key: string]: AttrValue };
export type Attrs = Record<string, AttrValue | undefined>;

export interface ShapeOk {
  shape: Shape;
  dtype?: DType;
  /** How a computed size came about, e.g. `64·12·12 = 9216`, quoted by later messages. */
  note?: string;
  /** Legal but almost certainly unintended, e.g. (N, 1) − (N,) broadcasting to (N, N). */
  warning?: string;
}

/** Why the op cannot apply. `blame` lists the operand indices the message should describe. */
export interface ShapeFailure {
  error: string;
  blame: number[];
  /** A transpose of operand `transpose` would make the op fit. */
  transpose?: number;
  /** The best guess at the result, so the analysis can go on without cascading errors. */
  partial?: Shape;
  code?: 'shape-mismatch' | 'reshape-size' | 'batch-changed' | 'suspicious-broadcast';
}

export type ShapeResult = ShapeOk | ShapeFailure;

export interface RuleContext {
  bindings: Bindings;
}

export type ShapeRule = (inputs: TensorInfo[], attrs: Attrs, ctx: RuleContext) => ShapeResult;

export function isFailure(r: ShapeResult): r is ShapeFailure {
  return (r as ShapeFailure).error !== undefined;
}

/** Normalises a possibly negative axis; null when out of range. */
export function normAxis(axis: number, rank: number): number | null {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : null;
}

export function fail(error: string, blame: number[], extra: Partial<ShapeFailure> = {}): ShapeFailure {
  return { error, blame, ...extra };
}
