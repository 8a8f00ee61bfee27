import { call, matProd, type P, prod, sum, sym, toText, transpose } from './formula';
import { identityP, textSub } from './identity';
import type { Namer } from './names';
import { formatSize, latexSize } from './sizes';
import type { Factor, Ix, Piece, Term } from './term';
import type { Formula } from './types';

export { identityP, textSub } from './identity';

/**
 * Printing one block of a Jacobian from its terms. Within a block the tied indices are
 * fixed (they are the block number n and appear as subscripts, sₙ); at most one output
 * index r runs down the block and one input index c across it. A factor over (r, c) is
 * the block's matrix, one over r alone a column (or Diag(·) on the left of a matrix),
 * one over c alone a row, one over neither a scalar.
 */
export interface Roles {
  /** Tied indices → the letter of the block number they stand for. */
  fam: ReadonlyMap<Ix, string>;
  r: Ix | null;
  c: Ix | null;
}

type Shaped = { shape: 'mat' | 'col' | 'row' | 'scalar'; p: P };

const DIAG: Formula = { text: 'Diag', latex: '\\operatorname{Diag}' };

/** Diag of a vector, whichever way it stands: Diag(vᵀ) = Diag(v). */
export function diagP(p: P): P {
  return call(DIAG, p.k === 'T' ? p.p : p);
}


export function onesP(t: boolean, n?: string | number): P {
  const sub = n === undefined ? '' : String(n);
  const text = sub ? `1${textSub(sub)}` : '1';
  const latex = sub ? `\\mathbf{1}_{${latexSize(sub)}}` : '\\mathbf{1}';
  return t ? transpose(sym(text, latex)) : sym(text, latex);
}


function pieceP(piece: Piece, namer: Namer): P {
  if (piece.kind === 'ones') return onesP(piece.form === 'row');
  const single = piece.vals.length === 1 && piece.vals[0].kind === 'node' && piece.vals[0].power === 1 ? piece.vals[0].node : null;
  const f = namer.vals(piece.vals);
  const whole = single !== null ? namer.atoms(single) : sym(wrapText(f.text), wrapLatex(f));
  switch (piece.form) {
    case 'mat':
      return whole;
    case 'matT':
      return transpose(whole);
    case 'col':
      return piece.natural === 'row' ? transpose(whole) : whole;
    case 'row':
      return piece.natural === 'row' ? whole : transpose(whole);
    case 'diag':
      return diagP(sym(f.text, f.latex));
  }
}

const wrapText = (s: string) => (/[\s⊙⊘−+]/.test(s) ? `(${s})` : s);
const wrapLatex = (f: Formula) => (/[\s⊙⊘−+]/.test(f.text) ? `\\left(${f.latex}\\right)` : f.latex);

function roleOf(x: Ix | null, roles: Roles): 'r' | 'c' | 'fam' | null | 'other' {
  if (x === null) return null;
  if (x === roles.r) return 'r';
  if (x === roles.c) return 'c';
  if (roles.fam.has(x)) return 'fam';
  return 'other';
}

/** A factor seen from inside a block: a matrix over (r, c), a column over r, a row over c, or a scalar. */
function shapedFactor(f: Factor, roles: Roles, namer: Namer): Shaped | null {
  if (f.kind === 'tensor') {
    const live = f.at.map((x, k) => ({ x, k, role: roleOf(x, roles) })).filter((e) => e.x !== null);
    if (live.some((e) => e.role === 'other') || live.length > 2) return null;
    const free = live.filter((e) => e.role !== 'fam');
    const fams = live.filter((e) => e.role === 'fam').map((e) => roles.fam.get(e.x as Ix) as string);
    const natural = f.at.length === 2 && live.length === 1 ? (live[0].k === 1 ? 'row' : 'col') : 'col';
    if (free.length === 0) {
      if (fams.length === 0) return { shape: 'scalar', p: sym(wrapText(namer.vals(f.vals).text), wrapLatex(namer.vals(f.vals))) };
      const e = namer.entry(f.vals, fams);
      return { shape: 'scalar', p: sym(e.text, e.latex) };
    }
    if (free.length === 2) {
      const piece: Piece = { kind: 'val', vals: f.vals, form: free[0].role === 'r' ? 'mat' : 'matT', natural: 'mat' };
      return { shape: 'mat', p: pieceP(piece, namer) };
    }
    const one = free[0];
    const shape = one.role === 'r' ? 'col' : 'row';
    if (live.length === 1) {
      const piece: Piece = { kind: 'val', vals: f.vals, form: shape, natural };
      return { shape, p: pieceP(piece, namer) };
    }
    // A slice of a matrix: the family index picks the row (or column), the free one runs along it.
    const famAxis = live.find((e) => e.role === 'fam') as { k: number };
    const v = namer.slice(f.vals, fams[0], famAxis.k === 0 ? 'row' : 'col');
    const col = sym(v.text, v.latex);
    return { shape, p: shape === 'col' ? col : transpose(col) };
  }
  if (f.kind === 'chain') {
    const rowRole = roleOf(f.row, roles);
    const colRole = roleOf(f.col, roles);
    if (rowRole === 'other' || colRole === 'other') return null;
    const body = () => matProd(f.pieces.map((p) => pieceP(p, namer)));
    const ends = `${rowRole ?? '-'}:${colRole ?? '-'}`;
    switch (ends) {
      case 'r:c':
        return { shape: 'mat', p: body() };
      case 'c:r':
        return { shape: 'mat', p: transpose(body()) };
      case 'r:-':
        return { shape: 'col', p: body() };
      case '-:c':
        return { shape: 'row', p: body() };
      case '-:r':
        return { shape: 'col', p: transpose(body()) };
      case 'c:-':
        return { shape: 'row', p: transpose(body()) };
      case '-:-':
        return { shape: 'scalar', p: body() };
      case 'fam:c':
      case 'fam:-': {
        const head = famRow(f.pieces[0], roles.fam.get(f.row as Ix) as string, namer);
        if (!head) return null;
        const p = prod([head, matProd(f.pieces.slice(1).map((x) => pieceP(x, namer)))]);
        return { shape: colRole === 'c' ? 'row' : 'scalar', p };
      }
      case 'r:fam':
      case '-:fam': {
        const last = f.pieces[f.pieces.length - 1];
        const tail = famRow(transposePieceForCol(last), roles.fam.get(f.col as Ix) as string, namer);
        if (!tail) return null;
        const p = prod([matProd(f.pieces.slice(0, -1).map((x) => pieceP(x, namer))), transpose(tail)]);
        return { shape: rowRole === 'r' ? 'col' : 'scalar', p };
      }
      default:
        return null;
    }
  }
  return null;
}

function transposePieceForCol(p: Piece): Piece {
  if (p.kind === 'ones') return { ...p, form: p.form === 'col' ? 'row' : 'col' };
  const flip = { mat: 'matT', matT: 'mat', col: 'row', row: 'col', diag: 'diag' } as const;
  return { ...p, form: flip[p.form] };
}

/** Row n of a piece, as a row vector: row n of W is wₙᵀ; row n of Wᵀ is (W[:,n])ᵀ. */
function famRow(piece: Piece, fam: string, namer: Namer): P | null {
  if (piece.kind !== 'val') return null;
  if (piece.form === 'mat') {
    const v = namer.slice(piece.vals, fam, 'row');
    return transpose(sym(v.text, v.latex));
  }
  if (piece.form === 'matT') {
    const v = namer.slice(piece.vals, fam, 'col');
    return transpose(sym(v.text, v.latex));
  }
  return null;
}

export interface BlockTerm {
  sign: 1 | -1;
  /** Scalars in front (magnitude of the coefficient, entries of values). */
  scalars: P[];
  items: P[];
}

/** One term inside a block, or null when its factors do not fit the block's view. */
export function blockTerm(t: Term, roles: Roles, namer: Namer): BlockTerm | null {
  let identity = false;
  const mats: P[] = [];
  const cols: P[] = [];
  const rows: P[] = [];
  const scalars: P[] = [];
  for (const f of t.factors) {
    if (f.kind === 'delta') {
      const pair = [roleOf(f.a, roles), roleOf(f.b, roles)].sort().join(',');
      if (pair !== 'c,r' || identity) return null;
      identity = true;
      continue;
    }
    const s = shapedFactor(f, roles, namer);
    if (!s) return null;
    ({ mat: mats, col: cols, row: rows, scalar: scalars })[s.shape].push(s.p);
  }
  const c = coefficient(t);
  if (c.magnitude) scalars.unshift(c.magnitude);
  if (mats.length + (identity ? 1 : 0) > 1) return null;
  const middle = mats[0] ?? (identity ? identityP() : null);
  const flat = (ps: P[]) => ps.flatMap((p) => (p.k === 'prod' ? p.items : [p]));
  if (middle) return { sign: c.sign, scalars, items: flat([...cols.map(diagP), middle, ...rows.map(diagP)]) };
  // No matrix: an outer product (column)(row), with ones where nothing depends on r or c.
  const col = roles.r === null ? [] : cols.length ? [...cols.slice(0, -1).map(diagP), cols[cols.length - 1]] : [onesP(false)];
  const row = roles.c === null ? [] : rows.length ? [rows[0], ...rows.slice(1).map(diagP)] : [onesP(true)];
  return { sign: c.sign, scalars, items: flat([...col, ...row]) };
}

/** The coefficient's sign, and its magnitude as a scalar (2, 1/N, m) when it is not 1. */
export function coefficient(t: Term): { sign: 1 | -1; magnitude: P | null } {
  const sign: 1 | -1 = t.coef < 0 ? -1 : 1;
  const mag = Math.abs(t.coef);
  const num = [mag === 1 ? '' : trimNumber(mag), ...t.mul.map(formatSize)].filter(Boolean).join('·');
  const den = t.den.map(formatSize).join('·');
  if (!num && !den) return { sign, magnitude: null };
  const text = den ? `(${num || '1'}/${t.den.length > 1 ? `(${den})` : den})` : num;
  const latex = den ? `\\frac{${num || '1'}}{${t.den.map(latexSize).join(' ')}}` : num;
  return { sign, magnitude: sym(text, latex) };
}

function trimNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

/** A sum of block terms with common left and right factors pulled out: (Diag(sₙ) − sₙsₙᵀ)(BA)ᵀ. */
export function sumOfBlocks(terms: BlockTerm[]): P {
  if (terms.length === 0) return sym('0');
  const key = (p: P) => toText(p);
  const lists = terms.map((t) => t.items);
  const shortest = Math.min(...lists.map((l) => l.length));
  let pre = 0;
  while (pre < shortest && lists.every((l) => key(l[pre]) === key(lists[0][pre]))) pre++;
  let suf = 0;
  while (suf < shortest - pre && lists.every((l) => key(l[l.length - 1 - suf]) === key(lists[0][lists[0].length - 1 - suf]))) suf++;
  if (terms.length === 1) pre = suf = 0;
  const middles = terms.map((t) => {
    const mid = t.items.slice(pre, t.items.length - suf);
    const body = mid.length ? prod(mid) : identityP();
    return { sign: t.sign, p: t.scalars.length ? prod([...t.scalars, body]) : body };
  });
  const mid = sum(middles);
  const head = terms[0].items.slice(0, pre);
  const tail = terms[0].items.slice(terms[0].items.length - suf);
  return prod([...head, mid, ...tail]);
}

