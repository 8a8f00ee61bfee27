import { type F64Tensor, sizeOf } from '../tensor';
import { broadcastShape, mapBinary } from './broadcast';

/** The binary ops that run in loops of their own rather than through a callback per element. */
export type Arithmetic = 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum';

/** The same ops on one pair of elements: NumPy's semantics (maximum and minimum propagate NaN). */
export const ARITHMETIC: Record<Arithmetic, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  maximum: (a, b) => (a !== a || b !== b ? NaN : a >= b ? a : b),
  minimum: (a, b) => (a !== a || b !== b ? NaN : a <= b ? a : b),
};

/**
 * out[o + i] = A[a + i·sa] op B[b + i·sb] for i < n. A callback shared by every op (as
 * mapBinary's is) is not inlined by V8, and each call boxes its doubles: on a large operand
 * that is an order of magnitude slower than a loop per op.
 */
function strided(op: Arithmetic, A: Float64Array, a: number, sa: number, B: Float64Array, b: number, sb: number, out: Float64Array, o: number, n: number): void {
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) out[o + i] = A[a + i * sa] + B[b + i * sb];
      return;
    case 'sub':
      for (let i = 0; i < n; i++) out[o + i] = A[a + i * sa] - B[b + i * sb];
      return;
    case 'mul':
      for (let i = 0; i < n; i++) out[o + i] = A[a + i * sa] * B[b + i * sb];
      return;
    case 'div':
      for (let i = 0; i < n; i++) out[o + i] = A[a + i * sa] / B[b + i * sb];
      return;
    case 'maximum':
      for (let i = 0; i < n; i++) {
        const x = A[a + i * sa];
        const y = B[b + i * sb];
        out[o + i] = x !== x || y !== y ? NaN : x >= y ? x : y;
      }
      return;
    case 'minimum':
      for (let i = 0; i < n; i++) {
        const x = A[a + i * sa];
        const y = B[b + i * sb];
        out[o + i] = x !== x || y !== y ? NaN : x <= y ? x : y;
      }
  }
}

/**
 * How an operand's elements line up with the result's in runs of `block` outputs: run j
 * reads the operand from offset j·step with stride `stride`. `block` 0 fits any run length
 * (an operand of the result's size).
 */
interface Runs {
  block: number;
  step: number;
  stride: number;
}

/**
 * The runs of an operand broadcast to `out`, when they are regular: the whole result
 * (same size), the operand repeated over leading axes (a bias row added to every row), or
 * each element spread over trailing axes (a scalar, or a keepdims column such as a row max).
 */
function runsOf(shape: readonly number[], out: readonly number[]): Runs | null {
  const n = sizeOf(out);
  const m = sizeOf(shape);
  if (m === n) return { block: 0, step: 1, stride: 1 };
  if (m === 0) return null;
  const padded = [...new Array<number>(out.length - shape.length).fill(1), ...shape];
  const first = padded.findIndex((d) => d !== 1);
  let last = padded.length - 1;
  while (last >= 0 && padded[last] === 1) last--;
  if (first < 0 || padded.slice(0, last + 1).every((d, i) => d === out[i])) return { block: n / m, step: 1, stride: 0 };
  if (padded.slice(first).every((d, i) => d === out[first + i])) return { block: m, step: 0, stride: 1 };
  return null;
}

/** a op b with NumPy broadcasting, in loops over runs of elements where the broadcast allows. */
export function mapArithmetic(a: F64Tensor, b: F64Tensor, op: Arithmetic): F64Tensor {
  const shape = broadcastShape(a.shape, b.shape);
  const ra = runsOf(a.shape, shape);
  const rb = runsOf(b.shape, shape);
  const n = sizeOf(shape);
  const block = ra && rb ? (ra.block || rb.block || n) : 0;
  if (!ra || !rb || (ra.block && rb.block && ra.block !== rb.block) || block === 0) {
    // Both operands broadcast, along different axes (an outer sum): one callback per element.
    return n === 0 ? { shape, data: new Float64Array(0) } : mapBinary(a, b, ARITHMETIC[op]);
  }
  const data = new Float64Array(n);
  // An operand of the result's size moves on by a whole block per run; the others by their step.
  const stepA = ra.block ? ra.step : block;
  const stepB = rb.block ? rb.step : block;
  for (let j = 0, o = 0; o < n; j++, o += block) strided(op, a.data, j * stepA, ra.stride, b.data, j * stepB, rb.stride, data, o, block);
  return { shape, data };
}
