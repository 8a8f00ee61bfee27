import { broadcastShapes } from '../broadcast';
import { type Dim, formatDim, productOf } from '../dim';
import { fail, normAxis, type ShapeRule } from './types';

/** NumPy matmul: 1-D operands are promoted and the added axis dropped; leading axes broadcast. */
export const matmul: ShapeRule = ([a, b], _attrs, ctx) => {
  if (a.shape.length === 0 || b.shape.length === 0) return fail('matmul needs operands of rank ≥ 1 (a scalar was given; use * to scale)', [0, 1]);
  const aVec = a.shape.length === 1;
  const bVec = b.shape.length === 1;
  const as: Dim[] = aVec ? [1, a.shape[0]] : [...a.shape];
  const bs: Dim[] = bVec ? [b.shape[0], 1] : [...b.shape];
  const k1 = as[as.length - 1];
  const k2 = bs[bs.length - 2];
  const rows = as[as.length - 2];
  const cols = bs[bs.length - 1];
  const batch = broadcastShapes(as.slice(0, -2), bs.slice(0, -2), ctx.bindings);
  const batchShape = 'shape' in batch ? batch.shape : [];
  const product = (r: Dim, c: Dim): Dim[] => [...batchShape, ...(aVec ? [] : [r]), ...(bVec ? [] : [c])];
  const partial = product(rows, cols);
  if (!ctx.bindings.same(k1, k2)) {
    // The transpose that would make the inner sizes agree: the product it meant goes on (so
    // `q @ k` for `q @ kᵀ` is one mistake, not one per line after it), and, for a matrix, a fix.
    const bSwapped = !bVec && ctx.bindings.same(k1, bs[bs.length - 1]);
    const aSwapped = !aVec && ctx.bindings.same(as[as.length - 2], k2);
    const bT = bSwapped && bs.length === 2;
    const aT = aSwapped && as.length === 2;
    return fail(`inner dimensions differ (${formatDim(k1)} vs ${formatDim(k2)})`, [0, 1], {
      transpose: bT ? 1 : aT ? 0 : undefined,
      partial: bSwapped ? product(rows, bs[bs.length - 2]) : aSwapped ? product(as[as.length - 1], cols) : partial,
    });
  }
  if (!('shape' in batch)) return fail(`batch dimensions do not broadcast (${formatDim(batch.a)} vs ${formatDim(batch.b)})`, [0, 1], { partial });
  return { shape: partial, dtype: 'float' };
};

export const transpose: ShapeRule = ([x], attrs) => {
  const perm = attrs.perm as number[] | undefined | null;
  if (!perm) return { shape: [...x.shape].reverse(), dtype: x.dtype };
  if (perm.length !== x.shape.length) return fail(`transpose: perm has ${perm.length} axes but the operand has ${x.shape.length}`, [0]);
  const axes = perm.map((p) => normAxis(p, x.shape.length));
  if (axes.some((a) => a === null) || new Set(axes).size !== axes.length) return fail('transpose: perm is not a permutation of the axes', [0]);
  return { shape: axes.map((a) => x.shape[a as number]), dtype: x.dtype };
};

export const outer: ShapeRule = ([a, b]) => ({ shape: [productOf(a.shape), productOf(b.shape)], dtype: 'float' });

function squareRule(name: string, result: (batch: Dim[], n: Dim) => Dim[]): ShapeRule {
  return ([x], _attrs, ctx) => {
    const r = x.shape.length;
    if (r < 2) return fail(`${name} needs a square matrix, got rank ${r}`, [0]);
    const m = x.shape[r - 2];
    const n = x.shape[r - 1];
    if (!ctx.bindings.same(m, n)) return fail(`${name} needs a square matrix, got ${formatDim(m)}×${formatDim(n)}`, [0], { partial: result(x.shape.slice(0, -2), m) });
    return { shape: result(x.shape.slice(0, -2), m), dtype: 'float' };
  };
}

export const inv = squareRule('inv', (batch, n) => [...batch, n, n]);
export const det = squareRule('det', (batch) => batch);

export const diag: ShapeRule = ([x]) => {
  if (x.shape.length === 1) return { shape: [x.shape[0], x.shape[0]], dtype: x.dtype };
  if (x.shape.length === 2) {
    const [m, n] = x.shape;
    return { shape: [typeof m === 'number' && typeof n === 'number' ? Math.min(m, n) : m], dtype: x.dtype };
  }
  return fail(`diag needs a vector or a matrix, got rank ${x.shape.length}`, [0]);
};
