import { transpose } from '../numeric/f64/linalg';
import { type F64Tensor, formatShapeOf, maxAbs, shapesEqual, sizeOf, unravel } from '../numeric/tensor';
import type { Mistake, WorstElement } from './types';

/**
 * Elementwise agreement with the float32 reference: |h − r| ≤ atol·max|r| + rtol·|r|.
 * atol is relative to the reference's largest entry because gradients come at any scale;
 * both leave a wide margin over float32's ~1e-6 relative error, and far less than any
 * mistake the diagnosis names (a sign, a transpose, a factor, a missing term).
 */
export const COMPARE_TOLERANCES = { rtol: 1e-3, atol: 1e-5 };

/** |h − r| = d within tolerance of the reference entry r, over `floor` = atol·max|r|. */
function within(d: number, r: number, floor: number): boolean {
  return d <= floor + COMPARE_TOLERANCES.rtol * Math.abs(r);
}

/** Against a reference that is all zeros, only a zero (to rounding) gradient agrees. */
function zeroAgrees(scaledMax: number): boolean {
  return scaledMax <= 1e-12;
}

export function close(h: ArrayLike<number>, r: ArrayLike<number>, factor = 1): boolean {
  const rmax = maxAbs(r);
  if (rmax === 0) return zeroAgrees(maxAbs(h) * Math.abs(factor));
  const floor = COMPARE_TOLERANCES.atol * rmax;
  for (let i = 0; i < r.length; i++) if (!within(Math.abs(factor * h[i] - r[i]), r[i], floor)) return false;
  return true;
}

/** The factor f minimising ‖f·h − r‖ (what h must be multiplied by), or null for h = 0. */
export function bestFactor(h: ArrayLike<number>, r: ArrayLike<number>): number | null {
  let hr = 0;
  let hh = 0;
  for (let i = 0; i < r.length; i++) {
    hr += h[i] * r[i];
    hh += h[i] * h[i];
  }
  return hh > 0 && Number.isFinite(hr / hh) ? hr / hh : null;
}

/** The largest differences, and whether h is close to r (as `close` says), in two passes. */
export function errors(h: ArrayLike<number>, r: ArrayLike<number>): { maxAbs: number; maxRel: number; close: boolean } {
  const rmax = maxAbs(r);
  const floor = COMPARE_TOLERANCES.atol * rmax;
  let m = 0;
  let ok = true;
  for (let i = 0; i < r.length; i++) {
    const d = Math.abs(h[i] - r[i]);
    if (d > m || d !== d) m = d;
    if (!within(d, r[i], floor)) ok = false;
  }
  const close = rmax === 0 ? zeroAgrees(maxAbs(h)) : ok;
  return { maxAbs: m, maxRel: rmax > 0 ? m / rmax : m === 0 ? 0 : Infinity, close };
}

/** The `count` elements that differ most, by a linear scan (gradients can have millions of entries). */
export function worstElements(h: ArrayLike<number>, r: ArrayLike<number>, shape: number[], count = 3): WorstElement[] {
  const top: { i: number; d: number }[] = [];
  for (let i = 0; i < r.length; i++) {
    const d = Math.abs(h[i] - r[i]);
    if (!(d > 0) && d === d) continue;
    if (top.length === count && !(d > top[count - 1].d || (d !== d && top[count - 1].d === top[count - 1].d))) continue;
    top.push({ i, d: d !== d ? Infinity : d });
    top.sort((a, b) => b.d - a.d || a.i - b.i);
    if (top.length > count) top.pop();
  }
  return top.map(({ i }) => ({ index: unravel(i, shape), hand: h[i], reference: r[i] }));
}

export interface Diagnosis {
  /** null: the gradient is right. */
  mistake: Mistake | null;
  factor: number | null;
  /** Set when the values also carry a sign or a factor besides the named mistake. */
  alsoFactor?: number;
  maxAbsError: number | null;
  maxRelError: number | null;
  /** A short explanation of a shape mistake. */
  detail?: string;
  worst: WorstElement[];
  /**
   * A wrong gradient whose difference from the reference is the same in every row (or every
   * column): the mistake is a term that does not depend on the row, such as one from a mean
   * over the batch.
   */
  difference?: 'rows' | 'columns';
  /**
   * A wrong gradient whose difference from the reference is a value of the forward pass (named
   * here) times one number per row: the term missing multiplies that value by a sum over the
   * row, as the softmax derivative's −S·Σ(S⊙dS) does.
   */
  differenceScales?: string;
}

/** Whether hand − reference is the same in every row, or in every column, of a matrix (rows: the first axis, columns: the rest). */
function differencePattern(h: F64Tensor, r: F64Tensor): 'rows' | 'columns' | undefined {
  if (h.shape.length < 2 || h.shape[0] < 2) return undefined;
  const rows = h.shape[0];
  const cols = h.data.length / rows;
  if (cols < 2) return undefined;
  let scale = 0;
  for (let k = 0; k < h.data.length; k++) scale = Math.max(scale, Math.abs(r.data[k]), Math.abs(h.data[k] - r.data[k]));
  const tol = 1e-4 * scale;
  const diff = (i: number, j: number) => h.data[i * cols + j] - r.data[i * cols + j];
  let sameInRows = true;
  let sameInColumns = true;
  for (let i = 0; i < rows && (sameInRows || sameInColumns); i++) {
    for (let j = 0; j < cols; j++) {
      if (sameInRows && Math.abs(diff(i, j) - diff(0, j)) > tol) sameInRows = false;
      if (sameInColumns && Math.abs(diff(i, j) - diff(i, 0)) > tol) sameInColumns = false;
    }
  }
  // Both at once is a constant added everywhere: a sum over everything, said as rows.
  return sameInRows ? 'rows' : sameInColumns ? 'columns' : undefined;
}

/** Sums h over the axes that broadcasting added or stretched, if that gives r's shape. */
function sumToShape(h: F64Tensor, shape: number[]): F64Tensor | null {
  const lead = h.shape.length - shape.length;
  if (lead < 0) return null;
  const axes: number[] = [];
  for (let i = 0; i < h.shape.length; i++) {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] === 1 && h.shape[i] !== 1) axes.push(i);
    else if (shape[i - lead] !== h.shape[i]) return null;
  }
  if (!axes.length) return null;
  const out = new Float64Array(sizeOf(shape));
  const outStrides = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
  const idx = new Array<number>(h.shape.length).fill(0);
  for (let e = 0; e < h.data.length; e++) {
    let off = 0;
    for (let i = lead; i < h.shape.length; i++) if (!axes.includes(i)) off += idx[i] * outStrides[i - lead];
    out[off] += h.data[e];
    for (let a = h.shape.length - 1; a >= 0; a--) {
      if (++idx[a] < h.shape[a]) break;
      idx[a] = 0;
    }
  }
  return { shape, data: out };
}

/** Right, or a right value with a simple variant applied: sign, scale, transpose, shape. */
function variantOf(h: ArrayLike<number>, r: ArrayLike<number>): { ok: true; factor: number } | null {
  if (close(h, r)) return { ok: true, factor: 1 };
  if (close(h, r, -1)) return { ok: true, factor: -1 };
  const f = bestFactor(h, r);
  if (f !== null && Math.abs(f) > 1e-12 && close(h, r, f)) return { ok: true, factor: f };
  return null;
}

function asFactor(f: number): { mistake: Mistake | null; factor: number | null; alsoFactor?: number } {
  if (f === 1) return { mistake: null, factor: null };
  if (f === -1) return { mistake: 'sign-flipped', factor: null };
  return { mistake: 'scaled', factor: f };
}

/**
 * Compares a hand-written gradient with the reference and names the mistake: the sign,
 * a transpose, a constant factor, a shape that holds the right values (or that sums to
 * them), or none of these.
 */
export function diagnose(h: F64Tensor, r: F64Tensor): Diagnosis {
  const is2d = h.shape.length === 2 && r.shape.length === 2;
  if (shapesEqual(h.shape, r.shape)) {
    const e = errors(h.data, r.data);
    // A right gradient (the common case, with millions of entries) needs no search for a variant.
    if (e.close) return { mistake: null, factor: null, maxAbsError: e.maxAbs, maxRelError: e.maxRel, worst: [] };
    const base = { maxAbsError: e.maxAbs, maxRelError: e.maxRel, worst: worstElements(h.data, r.data, r.shape) };
    const v = variantOf(h.data, r.data);
    if (v) return { ...base, ...asFactor(v.factor) };
    if (is2d && h.shape[0] === h.shape[1]) {
      const t = variantOf(transpose(h, null).data, r.data);
      if (t) return { ...base, mistake: 'transposed', factor: null, ...(t.factor !== 1 ? { alsoFactor: t.factor } : {}) };
    }
    const difference = differencePattern(h, r);
    return { ...base, mistake: 'wrong', factor: null, ...(difference ? { difference } : {}) };
  }
  if (h.data.length === r.data.length) {
    const flat = errors(h.data, r.data);
    const base = { maxAbsError: flat.maxAbs, maxRelError: flat.maxRel, worst: [] as WorstElement[] };
    if (is2d && h.shape[0] === r.shape[1] && h.shape[1] === r.shape[0] && h.shape[0] > 1 && h.shape[1] > 1) {
      const ht = transpose(h, null);
      const t = variantOf(ht.data, r.data);
      if (t) {
        const e = errors(ht.data, r.data);
        return { ...base, maxAbsError: e.maxAbs, maxRelError: e.maxRel, mistake: 'transposed', factor: null, ...(t.factor !== 1 ? { alsoFactor: t.factor } : {}) };
      }
    }
    const v = variantOf(h.data, r.data);
    if (v) return { ...base, mistake: 'wrong-shape', factor: null, ...(v.factor !== 1 ? { alsoFactor: v.factor } : {}), detail: 'the values are right, the shape will broadcast wrongly' };
    return { ...base, mistake: 'wrong', factor: null, detail: `its shape ${formatShapeOf(h.shape)} differs from ${formatShapeOf(r.shape)}` };
  }
  const summed = sumToShape(h, r.shape);
  if (summed) {
    const v = variantOf(summed.data, r.data);
    const e = errors(summed.data, r.data);
    const axes = h.shape.length > r.shape.length ? 'the batch axis' : 'the broadcast axes';
    if (v) return { mistake: 'wrong-shape', factor: null, ...(v.factor !== 1 ? { alsoFactor: v.factor } : {}), maxAbsError: e.maxAbs, maxRelError: e.maxRel, worst: [], detail: `it is not summed over ${axes}` };
  }
  return { mistake: 'wrong', factor: null, maxAbsError: null, maxRelError: null, worst: [], detail: `its shape ${formatShapeOf(h.shape)} differs from ${formatShapeOf(r.shape)}` };
}
