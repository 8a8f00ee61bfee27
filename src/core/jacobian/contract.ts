import type { Dim } from '../shapes/dim';
import { asChain, type Factor, type Ix, indicesOf, normaliseVals, type Piece, renameFactor, type Term, transposeChain } from './term';

/** A contraction met an op known only by enumeration: the composite has no symbolic form. */
export class NotSymbolic extends Error {}

/**
 * The chain rule on index networks: multiplies the factors of two terms and sums over
 * the `internal` indices. Deltas are eliminated by substitution (Σₘ δ(x,m) f(m) = f(x));
 * an index shared by at most two matrix-like factors becomes a matrix product
 * (Σₘ A[a,m] B[m,b] = (AB)[a,b]), with vectors over m as Diag(·) in between; anything
 * else merges into one opaque factor, which is still exact structurally (a sum of
 * products of full factors is full).
 */
export function contract(factors: Factor[], coef: number, mul: Dim[], den: Dim[], internal: ReadonlySet<Ix>, size: (ix: Ix) => Dim): Term {
  const rename = substituteDeltas(factors, internal);
  let fs = rename.factors;
  const extraMul: Dim[] = [];
  for (const m of rename.internal) {
    const touching = fs.filter((f) => indicesOf(f).includes(m));
    if (touching.length === 0) {
      extraMul.push(size(m));
      continue;
    }
    const rest = fs.filter((f) => !touching.includes(f));
    fs = [...rest, ...sumOver(m, touching, size)];
  }
  return { coef, mul: [...mul, ...extraMul], den, factors: hadamard(fs) };
}

/** Union-find over the deltas: each class keeps one index; deltas remain only between external indices. */
function substituteDeltas(factors: Factor[], internal: ReadonlySet<Ix>): { factors: Factor[]; internal: Ix[] } {
  const parent = new Map<Ix, Ix>();
  const find = (x: Ix): Ix => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as Ix;
    parent.set(x, r);
    return r;
  };
  const union = (a: Ix, b: Ix) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const f of factors) if (f.kind === 'delta') union(f.a, f.b);
  const classes = new Map<Ix, Ix[]>();
  for (const x of parent.keys()) {
    const r = find(x);
    classes.set(r, [...(classes.get(r) ?? []), x]);
  }
  const to = new Map<Ix, Ix>();
  const deltas: Factor[] = [];
  for (const members of classes.values()) {
    const ext = members.filter((x) => !internal.has(x)).sort();
    const rep = ext[0] ?? [...members].sort()[0];
    for (const x of members) to.set(x, rep);
    for (const e of ext.slice(1)) deltas.push({ kind: 'delta', a: rep, b: e });
  }
  const map = (x: Ix) => to.get(x) ?? x;
  const others = factors.filter((f) => f.kind !== 'delta').map((f) => renameFactor(f, map));
  const remaining = [...new Set([...internal].map(map))].filter((x) => internal.has(x));
  return { factors: [...deltas, ...others], internal: remaining };
}

/** Σₘ over the factors that mention m. */
function sumOver(m: Ix, touching: Factor[], size: (ix: Ix) => Dim): Factor[] {
  if (touching.some((f) => f.kind === 'explicit')) throw new NotSymbolic('an op known only by enumeration is inside the chain');
  const opaque = (): Factor[] => [{ kind: 'opaque', at: [...new Set(touching.flatMap(indicesOf))].filter((x) => x !== m) }];
  const links: { f: Factor; other: Ix }[] = [];
  const vectors: Factor[] = [];
  for (const f of touching) {
    const idx = indicesOf(f);
    if (f.kind === 'opaque' || idx.filter((x) => x === m).length !== 1) return opaque();
    const others = [...new Set(idx.filter((x) => x !== m))];
    if (others.length > 1) return opaque();
    if (others.length === 1) links.push({ f, other: others[0] });
    else vectors.push(f);
  }
  if (links.length > 2) return opaque();
  const left = links[0] ? asChain(links[0].f, links[0].other, m) : null;
  const right = links[1] ? asChain(links[1].f, m, links[1].other) : null;
  if ((links[0] && !left) || (links[1] && !right)) return opaque();
  if (left && right && left.row === right.col) return opaque();
  // Vectors over m alone: Diag(·) between two matrices, or the end of a vector product.
  const diags: Piece[] = [];
  const ends: { col: Piece[]; row: Piece[] }[] = [];
  for (const v of vectors) {
    if (v.kind !== 'tensor') {
      const col = asChain(v, m, null);
      if (!col) return opaque();
      ends.push({ col: col.pieces, row: transposeChain(col).pieces });
      continue;
    }
    const col = asChain(v, m, null);
    if (!col) return opaque();
    diags.push({ kind: 'val', vals: v.vals, form: 'diag', natural: (col.pieces[0] as Extract<Piece, { kind: 'val' }>).natural });
    ends.push({ col: col.pieces, row: transposeChain(col).pieces });
  }
  if (vectors.some((v) => v.kind !== 'tensor') && (vectors.length > 1 || (left && right))) return opaque();
  const n = size(m);
  if (left && right) return [{ kind: 'chain', pieces: [...left.pieces, ...diags, ...right.pieces], row: left.row, col: right.col }];
  if (left) {
    const tail = ends.length ? [...diags.slice(0, -1), ...ends[ends.length - 1].col] : [{ kind: 'ones', form: 'col', n } as Piece];
    return [{ kind: 'chain', pieces: [...left.pieces, ...tail], row: left.row, col: null }];
  }
  if (right) {
    const head = ends.length ? [...ends[0].row, ...diags.slice(1)] : [{ kind: 'ones', form: 'row', n } as Piece];
    return [{ kind: 'chain', pieces: [...head, ...right.pieces], row: null, col: right.col }];
  }
  // Only vectors: a scalar 1ᵀv or uᵀDiag(·)v.
  if (ends.length === 1) return [{ kind: 'chain', pieces: [{ kind: 'ones', form: 'row', n }, ...ends[0].col], row: null, col: null }];
  return [{ kind: 'chain', pieces: [...ends[0].row, ...diags.slice(1, -1), ...ends[ends.length - 1].col], row: null, col: null }];
}

/** Tensor factors over the same indices multiply elementwise; a product that cancels to 1 disappears. */
export function hadamard(factors: Factor[]): Factor[] {
  const out: Factor[] = [];
  const byAt = new Map<string, Extract<Factor, { kind: 'tensor' }>>();
  for (const f of factors) {
    if (f.kind !== 'tensor') {
      out.push(f);
      continue;
    }
    const key = f.at.map((x) => x ?? '_').join(',');
    const seen = byAt.get(key);
    if (seen) seen.vals = normaliseVals([...seen.vals, ...f.vals]);
    else {
      const copy = { ...f, vals: normaliseVals(f.vals) };
      byAt.set(key, copy);
      out.push(copy);
    }
  }
  return out.filter((f) => f.kind !== 'tensor' || f.vals.length > 0);
}
