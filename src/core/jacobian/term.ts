import type { NodeId } from '../ir/graph';
import type { Dim } from '../shapes/dim';

/**
 * A Jacobian as an index network. J[o, i] (o the output's axes, i the input's) is a sum of
 * terms, each a coefficient times a product of factors over index variables:
 *
 *   ∂(XB)/∂X    = δ(o0,i0) · B[i1,o1]
 *   ∂softmax/∂Z = δ(o0,i0)δ(o1,i1)·S[o0,o1] − δ(o0,i0)·S[o0,o1]·S[o0,i1]
 *
 * The chain rule is a contraction over the shared axes (contract.ts); the structure class
 * is read off which output axes stay tied to which input axes (classify.ts). The same
 * data prints the formula (print.ts) and enumerates the sparsity pattern (pattern.ts), so
 * class, formula and pattern cannot disagree. Size-1 axes carry no index (null): they
 * vanish from vec.
 */
export type Ix = string;

/** A value inside a Jacobian: a node's value to a power (S, 1 ⊘ X, X ⊙ X) or an expression of one node's value (1 − F ⊙ F). */
export type Src =
  | { kind: 'node'; node: NodeId; power: number }
  /** `node` gives the shape; `letter` names its rows (softmax(Z) → sₙ). */
  | { kind: 'expr'; node: NodeId; key: string; text: string; latex: string; letter?: string };

/** A Hadamard product of values of one shape, normalised so X ⊙ (1 ⊘ X) cancels. */
export type Vals = Src[];

/** One piece of a matrix product: a value as a matrix, a vector or a diagonal; or a vector of ones. */
export type Piece =
  | { kind: 'val'; vals: Vals; form: 'mat' | 'matT' | 'col' | 'row' | 'diag'; natural: 'col' | 'row' | 'mat' }
  | { kind: 'ones'; form: 'col' | 'row'; n: Dim };

/**
 * Concrete support of an op whose pattern is not a product of ties (indexing, convolution):
 * for one output position (all axes, size-1 included), the input positions it reads.
 * `size` evaluates any symbolic size at the current dims.
 */
export type SupportFn = (out: readonly number[], size: (d: Dim) => number) => number[][];

export type Factor =
  | { kind: 'delta'; a: Ix; b: Ix }
  /** A value tensor indexed axis by axis; `at[k]` null for a size-1 or broadcast axis. */
  | { kind: 'tensor'; vals: Vals; at: (Ix | null)[] }
  /** A matrix product M[row, col] of pieces, made by contraction; row/col null for vectors and scalars. */
  | { kind: 'chain'; pieces: Piece[]; row: Ix | null; col: Ix | null }
  /** A contraction with no printable form: structurally full over `at`. */
  | { kind: 'opaque'; at: Ix[] }
  /** An op's whole Jacobian given by enumeration only: out/in list the op's axes. */
  | { kind: 'explicit'; out: (Ix | null)[]; in: (Ix | null)[]; outShape: Dim[]; inShape: Dim[]; support: SupportFn; label: { text: string; latex: string } };

export interface Term {
  coef: number;
  /** Sizes the term is multiplied by (a sum over a broadcast axis) and divided by (a mean over N). */
  mul: Dim[];
  den: Dim[];
  factors: Factor[];
}

export const delta = (a: Ix | null, b: Ix | null): Factor[] => (a !== null && b !== null ? [{ kind: 'delta', a, b }] : []);

export function node(id: NodeId, power = 1): Src {
  return { kind: 'node', node: id, power };
}

export function tensor(vals: Vals | Src, at: (Ix | null)[]): Factor[] {
  const list = Array.isArray(vals) ? vals : [vals];
  const norm = normaliseVals(list);
  // A value that cancelled to 1, or a scalar value, contributes no index structure; a scalar still scales.
  if (norm.length === 0) return [];
  return [{ kind: 'tensor', vals: norm, at }];
}

export function term(factors: Factor[], coef = 1, den: Dim[] = []): Term {
  return { coef, mul: [], den, factors };
}

/** Node powers add up; a power of zero drops out. Sorted so equal products compare equal. */
export function normaliseVals(vals: Vals): Vals {
  const powers = new Map<NodeId, number>();
  const exprs: Src[] = [];
  for (const v of vals) {
    if (v.kind === 'node') powers.set(v.node, (powers.get(v.node) ?? 0) + v.power);
    else exprs.push(v);
  }
  const out: Src[] = [];
  for (const [id, p] of [...powers].sort((a, b) => a[0] - b[0])) if (p !== 0) out.push({ kind: 'node', node: id, power: p });
  exprs.sort((a, b) => (a.kind === 'expr' && b.kind === 'expr' ? a.key.localeCompare(b.key) : 0));
  return [...out, ...exprs];
}

export function valsKey(vals: Vals): string {
  return vals.map((v) => (v.kind === 'node' ? `n${v.node}^${v.power}` : `e${v.key}`)).join('*');
}

/** The indices a factor mentions (explicit factors: all of their axes). */
export function indicesOf(f: Factor): Ix[] {
  switch (f.kind) {
    case 'delta':
      return [f.a, f.b];
    case 'tensor':
      return f.at.filter((x): x is Ix => x !== null);
    case 'chain':
      return [f.row, f.col].filter((x): x is Ix => x !== null);
    case 'opaque':
      return [...f.at];
    case 'explicit':
      return [...f.out, ...f.in].filter((x): x is Ix => x !== null);
  }
}

export function renameFactor(f: Factor, map: (x: Ix) => Ix): Factor {
  const m = (x: Ix | null) => (x === null ? null : map(x));
  switch (f.kind) {
    case 'delta':
      return { kind: 'delta', a: map(f.a), b: map(f.b) };
    case 'tensor':
      return { ...f, at: f.at.map(m) };
    case 'chain':
      return { ...f, row: m(f.row), col: m(f.col) };
    case 'opaque':
      return { kind: 'opaque', at: [...new Set(f.at.map(map))] };
    case 'explicit':
      return { ...f, out: f.out.map(m), in: f.in.map(m) };
  }
}

export function renameTerm(t: Term, map: (x: Ix) => Ix): Term {
  return { ...t, factors: t.factors.map((f) => renameFactor(f, map)) };
}

/** Transposes a piece: (M)ᵀ, a column becomes a row; a diagonal stays. */
export function transposePiece(p: Piece): Piece {
  if (p.kind === 'ones') return { ...p, form: p.form === 'col' ? 'row' : 'col' };
  const flip = { mat: 'matT', matT: 'mat', col: 'row', row: 'col', diag: 'diag' } as const;
  return { ...p, form: flip[p.form] };
}

/** (P₁⋯Pₖ)ᵀ = Pₖᵀ⋯P₁ᵀ */
export function transposeChain(f: Extract<Factor, { kind: 'chain' }>): Extract<Factor, { kind: 'chain' }> {
  return { kind: 'chain', pieces: [...f.pieces].reverse().map(transposePiece), row: f.col, col: f.row };
}

/**
 * A tensor factor with at most two indices seen as a matrix product with rows on `row`
 * and columns on `col` (null: that side is 1). Null when the tensor has more indices, or
 * its indices are not exactly {row, col}.
 */
export function asChain(f: Factor, row: Ix | null, col: Ix | null): Extract<Factor, { kind: 'chain' }> | null {
  if (f.kind === 'chain') {
    if (f.row === row && f.col === col) return f;
    if (f.row === col && f.col === row) return transposeChain(f);
    return null;
  }
  if (f.kind !== 'tensor') return null;
  const live = f.at.map((x, k) => ({ x, k })).filter((e) => e.x !== null) as { x: Ix; k: number }[];
  const natural: 'col' | 'row' | 'mat' = f.at.length === 2 ? (live.length === 2 ? 'mat' : live[0]?.k === 1 ? 'row' : 'col') : live.length === 2 ? 'mat' : 'col';
  if (live.length === 2) {
    if (f.at.length !== 2) return null;
    if (f.at[0] === row && f.at[1] === col) return { kind: 'chain', pieces: [{ kind: 'val', vals: f.vals, form: 'mat', natural }], row, col };
    if (f.at[1] === row && f.at[0] === col) return { kind: 'chain', pieces: [{ kind: 'val', vals: f.vals, form: 'matT', natural }], row, col };
    return null;
  }
  if (live.length === 1) {
    const x = live[0].x;
    if (x === row && col === null) return { kind: 'chain', pieces: [{ kind: 'val', vals: f.vals, form: 'col', natural }], row, col };
    if (x === col && row === null) return { kind: 'chain', pieces: [{ kind: 'val', vals: f.vals, form: 'row', natural }], row, col };
    return null;
  }
  return null;
}

/** Two terms with the same factors (up to order) add their coefficients: X ⊙ X gives 2·Diag(vec X). */
export function termKey(t: Term): string {
  const parts = t.factors.map((f) => {
    switch (f.kind) {
      case 'delta':
        return `d(${[f.a, f.b].sort().join(',')})`;
      case 'tensor':
        return `t(${valsKey(f.vals)}@${f.at.join(',')})`;
      case 'chain':
        return `c(${f.pieces.map((p) => (p.kind === 'ones' ? `1${p.form}` : `${valsKey(p.vals)}${p.form}`)).join('.')}@${f.row},${f.col})`;
      case 'opaque':
        return `o(${[...f.at].sort().join(',')})`;
      case 'explicit':
        return `x(${f.label.text}@${f.out.join(',')}|${f.in.join(',')})`;
    }
  });
  return `${parts.sort().join('·')}*${t.mul.join(',')}/${t.den.join(',')}`;
}

export function mergeTerms(terms: Term[]): Term[] {
  const byKey = new Map<string, Term>();
  for (const t of terms) {
    const k = termKey(t);
    const seen = byKey.get(k);
    if (seen) seen.coef += t.coef;
    else byKey.set(k, { ...t, factors: [...t.factors] });
  }
  return [...byKey.values()].filter((t) => t.coef !== 0);
}
