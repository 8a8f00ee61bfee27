import { broadcastMap } from '../index-plan';
import { type F64Tensor, shapesEqual, sizeOf } from '../tensor';

/** NumPy broadcasting of two shapes; throws when they do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 1; i <= rank; i++) {
    const x = i <= a.length ? a[a.length - i] : 1;
    const y = i <= b.length ? b[b.length - i] : 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error(`shapes (${a.join(', ')}) and (${b.join(', ')}) do not broadcast`);
    out[rank - i] = x === 1 ? y : x;
  }
  return out;
}

/** Materialises `t` at a broadcast shape (a copy when it already has it). */
export function broadcastTo(t: F64Tensor, shape: readonly number[]): F64Tensor {
  if (shapesEqual(t.shape, shape)) return { shape: [...shape], data: t.data.slice() };
  broadcastShape(t.shape, shape);
  const map = broadcastMap(t.shape, shape);
  const data = new Float64Array(map.length);
  for (let i = 0; i < map.length; i++) data[i] = t.data[map[i]];
  return { shape: [...shape], data };
}

export function mapUnary(x: F64Tensor, f: (v: number) => number): F64Tensor {
  const data = new Float64Array(x.data.length);
  for (let i = 0; i < data.length; i++) data[i] = f(x.data[i]);
  return { shape: [...x.shape], data };
}

/** Elementwise binary op with broadcasting; same-shape and scalar operands take fast paths. */
export function mapBinary(a: F64Tensor, b: F64Tensor, f: (x: number, y: number) => number): F64Tensor {
  const A = a.data;
  const B = b.data;
  if (shapesEqual(a.shape, b.shape)) {
    const data = new Float64Array(A.length);
    for (let i = 0; i < data.length; i++) data[i] = f(A[i], B[i]);
    return { shape: [...a.shape], data };
  }
  const shape = broadcastShape(a.shape, b.shape);
  const data = new Float64Array(sizeOf(shape));
  if (B.length === 1 && shape.length === a.shape.length) {
    const y = B[0];
    for (let i = 0; i < data.length; i++) data[i] = f(A[i], y);
    return { shape, data };
  }
  if (A.length === 1 && shape.length === b.shape.length) {
    const x = A[0];
    for (let i = 0; i < data.length; i++) data[i] = f(x, B[i]);
    return { shape, data };
  }
  const ma = broadcastMap(a.shape, shape);
  const mb = broadcastMap(b.shape, shape);
  for (let i = 0; i < data.length; i++) data[i] = f(A[ma[i]], B[mb[i]]);
  return { shape, data };
}
