import type { Dim } from '../shapes/dim';
import type { DType } from '../shapes/rules/types';
import type { Value } from './values';

/**
 * A nested list of numbers as `np.array`, `torch.tensor` or `tf.constant` read it: its shape
 * (the lengths of the nesting levels), its entries in row-major order, and its dtype (int
 * unless an entry is written as a float, bool when every entry is True/False).
 */
export interface LiteralArray {
  kind: 'array';
  shape: number[];
  /** A number, or a size in symbols (`np.array([N, D])`) that takes its value when the check runs. */
  values: Dim[];
  dtype: DType;
}

/** A list whose items differ in length or nesting: no library makes an array of it. */
export interface RaggedList {
  kind: 'ragged';
  /** Where it breaks, for a message: `item 1 has 1 entry, item 0 has 2`. */
  detail: string;
}

/**
 * What a value is as array data: a literal array, a ragged list, or null when it holds
 * something other than numbers (a tensor, an unknown value): those are stacked by the caller.
 * `written` gives the source text of a number, to tell `2.0` (a float) from `2`.
 */
export function readLiteral(v: Value, written: (v: Extract<Value, { kind: 'number' }>) => string): LiteralArray | RaggedList | null {
  const out: LiteralArray = { kind: 'array', shape: [], values: [], dtype: 'bool' };
  const shape = walk(v, out, written);
  if (shape === null) return null;
  if (typeof shape === 'string') return { kind: 'ragged', detail: shape };
  out.shape = shape;
  // An empty list is float64 in NumPy, float32 in torch and TensorFlow.
  if (out.values.length === 0) out.dtype = 'float';
  return out;
}

/** The shape of `v`, appending its entries to `out`; a string says where the list is ragged. */
function walk(v: Value, out: LiteralArray, written: (v: Extract<Value, { kind: 'number' }>) => string): number[] | string | null {
  if (v.kind === 'number') {
    out.values.push(v.value);
    const text = written(v);
    const float = typeof v.value === 'number' && (!Number.isInteger(v.value) || (/[.eE]|inf|nan/.test(text) && !/^\s*0[xX]/.test(text)));
    out.dtype = float ? 'float' : out.dtype === 'float' ? 'float' : 'int';
    return [];
  }
  if (v.kind === 'const' && typeof v.value === 'boolean') {
    out.values.push(v.value ? 1 : 0);
    return [];
  }
  if (v.kind !== 'tuple') return null;
  let first: number[] | null = null;
  for (let i = 0; i < v.items.length; i++) {
    const shape = walk(v.items[i], out, written);
    if (shape === null || typeof shape === 'string') return shape;
    if (first === null) first = shape;
    else if (shape.length !== first.length || shape.some((d, k) => d !== (first as number[])[k])) return `item ${i} is ${describe(shape)} and item 0 is ${describe(first)}`;
  }
  return [v.items.length, ...(first ?? [])];
}

function describe(shape: number[]): string {
  if (shape.length === 0) return 'a number';
  if (shape.length === 1) return `a list of ${shape[0]}`;
  return `a list of shape (${shape.join(', ')})`;
}
