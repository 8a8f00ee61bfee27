import type { Dim } from '../shapes/dim';
import type { Ix, Term } from './term';
import type { VecOrder } from './types';

/**
 * Structural sparsity at concrete sizes. A term's support is fixed by its deltas alone:
 * every other factor is structurally full (a value is generically nonzero), so the
 * support is all (row, col) pairs whose tied indices agree. A sum's support is the
 * union of its terms' supports.
 */

/** Patterns with more nonzeros than this are not listed (JSON of 10⁶ pairs is ~15 MB). */
export const MAX_PATTERN_NONZEROS = 1_000_000;

/** Entries of one row that opSupport lists at most (the boolean product's whole budget of work). */
export const MAX_ROW_ENTRIES = 20_000_000;

/** Listing the pattern would cost more than its bounds allow: the caller says it is too large to list. */
export class PatternTooCostly extends Error {}

export interface ConcreteAxis {
  ix: Ix | null;
  size: number;
}

export interface ConcreteAxes {
  out: ConcreteAxis[];
  in: ConcreteAxis[];
}

/** Per-axis strides of the flattened index in the vec order. */
export function vecStrides(sizes: readonly number[], vec: VecOrder): number[] {
  const strides = new Array<number>(sizes.length).fill(1);
  if (vec === 'row-major') for (let k = sizes.length - 2; k >= 0; k--) strides[k] = strides[k + 1] * sizes[k + 1];
  else for (let k = 1; k < sizes.length; k++) strides[k] = strides[k - 1] * sizes[k - 1];
  return strides;
}

const total = (axes: ConcreteAxis[]) => axes.reduce((p, a) => p * a.size, 1);

interface Classes {
  /** Index → class number. */
  of: Map<Ix, number>;
  sizes: number[];
}

/** The term's indices grouped by the deltas that force them equal. */
function classesOf(t: Term, axes: ConcreteAxes): Classes {
  const all = [...axes.out, ...axes.in].filter((a) => a.ix !== null) as { ix: Ix; size: number }[];
  const parent = new Map<Ix, Ix>(all.map((a) => [a.ix, a.ix]));
  const find = (x: Ix): Ix => (parent.get(x) === x || !parent.has(x) ? x : find(parent.get(x) as Ix));
  for (const f of t.factors) if (f.kind === 'delta') parent.set(find(f.a), find(f.b));
  const of = new Map<Ix, number>();
  const sizes: number[] = [];
  const byRoot = new Map<Ix, number>();
  for (const a of all) {
    const r = find(a.ix);
    let c = byRoot.get(r);
    if (c === undefined) {
      c = sizes.length;
      byRoot.set(r, c);
      sizes.push(a.size);
    }
    of.set(a.ix, c);
  }
  return { of, sizes };
}

/**
 * Exact when it can be had without enumerating: a term whose ties are implied by another
 * term's has a support inside the other's, so only the widest supports count; one of
 * them, or one term with no ties at all (full), gives the exact number.
 */
export function countNonzeros(terms: Term[], axes: ConcreteAxes): { exact: number | null; lower: number; upper: number } {
  const full = total(axes.out) * total(axes.in);
  if (terms.length === 0) return { exact: 0, lower: 0, upper: 0 };
  if (terms.some((t) => !t.factors.some((f) => f.kind === 'delta'))) return { exact: full, lower: full, upper: full };
  const classes = terms.map((t) => classesOf(t, axes));
  const within = (a: number, b: number) => terms[b].factors.every((f) => f.kind !== 'delta' || classes[a].of.get(f.a) === classes[a].of.get(f.b));
  const widest = terms.map((_, a) => a).filter((a) => !terms.some((_, b) => b !== a && within(a, b) && (!within(b, a) || b < a)));
  const counts = widest.map((a) => classes[a].sizes.reduce((p, s) => p * s, 1));
  const upper = Math.min(full, counts.reduce((x, y) => x + y, 0));
  return { exact: widest.length === 1 ? counts[0] : null, lower: Math.max(...counts), upper };
}

/**
 * All structural nonzeros [row, col] in the vec order, sorted; null when there are more
 * than `limit`. Terms must be symbolic (no explicit factors).
 */
export function enumerateSupport(terms: Term[], axes: ConcreteAxes, vec: VecOrder, limit = MAX_PATTERN_NONZEROS): [number, number][] | null {
  const count = countNonzeros(terms, axes);
  if (count.lower > limit) return null;
  const cols = total(axes.in);
  const outStride = vecStrides(axes.out.map((a) => a.size), vec);
  const inStride = vecStrides(axes.in.map((a) => a.size), vec);
  const keys: number[] = [];
  for (const t of terms) {
    const { of, sizes } = classesOf(t, axes);
    const outTerms = axes.out.map((a, k) => (a.ix === null ? null : { c: of.get(a.ix) as number, s: outStride[k] })).filter((x): x is { c: number; s: number } => x !== null);
    const inTerms = axes.in.map((a, k) => (a.ix === null ? null : { c: of.get(a.ix) as number, s: inStride[k] })).filter((x): x is { c: number; s: number } => x !== null);
    const value = new Array<number>(sizes.length).fill(0);
    const n = sizes.reduce((p, s) => p * s, 1);
    for (let step = 0; step < n; step++) {
      let row = 0;
      let col = 0;
      for (const o of outTerms) row += value[o.c] * o.s;
      for (const i of inTerms) col += value[i.c] * i.s;
      keys.push(row * cols + col);
      if (keys.length > 2 * limit) {
        dedupe(keys);
        if (keys.length > limit) return null;
      }
      for (let k = sizes.length - 1; k >= 0; k--) {
        if (++value[k] < sizes[k]) break;
        value[k] = 0;
      }
    }
  }
  dedupe(keys);
  if (keys.length > limit) return null;
  return keys.map((k) => [Math.floor(k / cols), k % cols]);
}

function dedupe(keys: number[]): void {
  keys.sort((a, b) => a - b);
  let w = 0;
  for (let r = 0; r < keys.length; r++) if (r === 0 || keys[r] !== keys[r - 1]) keys[w++] = keys[r];
  keys.length = w;
}

/** Row-major multi-index of a flat row-major position. */
export function unravel(flat: number, sizes: readonly number[]): number[] {
  const out = new Array<number>(sizes.length);
  for (let k = sizes.length - 1; k >= 0; k--) {
    out[k] = flat % sizes[k];
    flat = Math.floor(flat / sizes[k]);
  }
  return out;
}

/**
 * For one op: the input positions (row-major flat) each output position (row-major flat)
 * reads, from the op's terms, with explicit factors asked directly.
 */
export function opSupport(terms: Term[], axes: ConcreteAxes, size: (d: Dim) => number): (outFlat: number) => number[] {
  const outSizes = axes.out.map((a) => a.size);
  const inSizes = axes.in.map((a) => a.size);
  const inStride = vecStrides(inSizes, 'row-major');
  return (outFlat) => {
    const o = unravel(outFlat, outSizes);
    const found = new Set<number>();
    for (const t of terms) for (const i of termRow(t, axes, o, inStride, size)) found.add(i);
    return [...found];
  };
}

function termRow(t: Term, axes: ConcreteAxes, o: number[], inStride: number[], size: (d: Dim) => number): number[] {
  const explicit = t.factors.find((f) => f.kind === 'explicit');
  if (explicit && explicit.kind === 'explicit') return explicit.support(o, size).map((m) => m.reduce((p, v, k) => p + v * inStride[k], 0));
  const { of, sizes } = classesOf(t, axes);
  const fixed = new Array<number | null>(sizes.length).fill(null);
  axes.out.forEach((a, k) => {
    if (a.ix !== null) fixed[of.get(a.ix) as number] = o[k];
  });
  // Two output axes forced equal but holding different values: this term does not reach the row.
  for (const [k, a] of axes.out.entries()) if (a.ix !== null && fixed[of.get(a.ix) as number] !== o[k]) return [];
  const free = axes.in.map((a) => (a.ix === null ? null : of.get(a.ix) as number));
  const out: number[] = [];
  const freeClasses = [...new Set(free.filter((c): c is number => c !== null && fixed[c] === null))];
  const value = new Map<number, number>(freeClasses.map((c) => [c, 0]));
  const n = freeClasses.reduce((p, c) => p * sizes[c], 1);
  // One row of a dense block at absurd sizes (2**64 from a fuzzed literal) would grow an array until V8 aborts.
  if (n > MAX_ROW_ENTRIES) throw new PatternTooCostly(`a row of this Jacobian has ${n} entries`);
  for (let step = 0; step < n; step++) {
    let flat = 0;
    free.forEach((c, k) => {
      if (c !== null) flat += (fixed[c] ?? (value.get(c) as number)) * inStride[k];
    });
    out.push(flat);
    for (let j = freeClasses.length - 1; j >= 0; j--) {
      const c = freeClasses[j];
      const v = (value.get(c) as number) + 1;
      if (v < sizes[c]) {
        value.set(c, v);
        break;
      }
      value.set(c, 0);
    }
  }
  return out;
}
