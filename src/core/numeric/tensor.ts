/**
 * A dense float64 tensor, row-major as in NumPy. Integers and booleans are stored as
 * doubles too (0/1 for booleans): the reference evaluator favours one simple type over
 * speed, and every value it holds is exactly representable.
 */
export interface F64Tensor {
  shape: number[];
  data: Float64Array;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function zeros(shape: readonly number[]): F64Tensor {
  return { shape: [...shape], data: new Float64Array(sizeOf(shape)) };
}

export function filled(shape: readonly number[], value: number): F64Tensor {
  return { shape: [...shape], data: new Float64Array(sizeOf(shape)).fill(value) };
}

export function scalar(value: number): F64Tensor {
  return { shape: [], data: Float64Array.of(value) };
}

export function fromArray(shape: readonly number[], values: ArrayLike<number>): F64Tensor {
  if (values.length !== sizeOf(shape)) throw new Error(`${values.length} values do not fill shape (${shape.join(', ')})`);
  return { shape: [...shape], data: Float64Array.from(values) };
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Flat offset → multi-index, for messages about single elements. */
export function unravel(offset: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    index[i] = offset % shape[i];
    offset = Math.floor(offset / shape[i]);
  }
  return index;
}

export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} is out of range for rank ${rank}`);
  return a;
}

export function maxAbs(data: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) {
    const v = Math.abs(data[i]);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

export function allFinite(data: ArrayLike<number>): boolean {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return false;
  return true;
}

export function formatShapeOf(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
