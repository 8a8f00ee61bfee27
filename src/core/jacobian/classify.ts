import { productOf, type Dim } from '../shapes/dim';
import { call, kron, type P, prod, scale, sum, sym, transpose } from './formula';
import type { Namer } from './names';
import { blockTerm, type BlockTerm, coefficient, diagP, identityP, onesP, type Roles, sumOfBlocks } from './print';
import { formatSize, latexSize } from './sizes';
import { type Factor, indicesOf, type Ix, renameFactor, type Term } from './term';
import type { StructureClass, VecOrder } from './types';

/** One axis of F or X: its index variable (null when the axis has size 1) and its size. */
export interface Axis {
  ix: Ix | null;
  size: Dim;
}

export interface Axes {
  out: Axis[];
  in: Axis[];
}

export interface Classified {
  structure: StructureClass;
  /** Null when the structure has no closed form here; the caller prints the chain of op Jacobians instead. */
  formula: P | null;
  blocks?: { count: Dim; rows: Dim; cols: Dim; structure?: StructureClass };
  note?: string;
}

const FAMILY_LETTERS = ['n', 'm', 'k', 'j'];

/** Most significant first: row-major flattens axis 0 slowest, column-major the last axis. */
export function bySignificance<T>(axes: readonly T[], vec: VecOrder): T[] {
  return vec === 'row-major' ? [...axes] : [...axes].reverse();
}

const live = (axes: Axis[]) => axes.filter((a) => a.ix !== null) as { ix: Ix; size: Dim }[];

/**
 * Reads the structure class off the index network. The output axes that every term ties
 * to an input axis (δ(oₐ, i_b)) are the block numbers; where they sit in the vec order
 * decides the class: all axes tied in order → diagonal; tied axes most significant on
 * both sides → block-diagonal (or I ⊗ M when no value depends on the block number); least
 * significant and constant → M ⊗ I; no ties and separable → Kronecker. Returns null when
 * an op is known only by enumeration (the caller classifies the concrete pattern).
 */
export function classify(terms: Term[], axes: Axes, vec: VecOrder, namer: Namer, flipped = false): Classified | null {
  if (terms.some((t) => t.factors.some((f) => f.kind === 'explicit'))) return null;
  const outs = bySignificance(live(axes.out), vec);
  const ins = bySignificance(live(axes.in), vec);
  const size = new Map<Ix, Dim>([...outs, ...ins].map((a) => [a.ix, a.size]));
  const rowsDim = productOf(outs.map((a) => a.size));
  const colsDim = productOf(ins.map((a) => a.size));
  if (terms.length === 0) return { structure: 'zero', formula: sym('0') };
  // A 1×1 Jacobian (scalar of a scalar) is its own value: diagonal.
  if (outs.length === 0 && ins.length === 0) return { structure: 'diagonal', formula: scalarFormula(terms, namer) };

  const outSet = new Set(outs.map((a) => a.ix));
  const inSet = new Set(ins.map((a) => a.ix));
  const tieSets: Map<Ix, Ix>[] = [];
  for (const t of terms) {
    const ties = simpleTies(t, outSet, inSet);
    if (!ties) return dense(terms) ? { structure: 'dense', formula: null } : null;
    tieSets.push(ties);
  }
  // Ties common to every term: output axis → input axis.
  const common = new Map<Ix, Ix>([...tieSets[0]].filter(([o, i]) => tieSets.every((s) => s.get(o) === i)));
  const tiedOuts = outs.filter((a) => common.has(a.ix));
  const tiedIns = new Set(common.values());
  const inRank = new Map(ins.map((a, k) => [a.ix, k]));
  const outRank = new Map(outs.map((a, k) => [a.ix, k]));
  const orderPreserving = tiedOuts.every((a, k) => k === 0 || (inRank.get(common.get(a.ix) as Ix) as number) > (inRank.get(common.get(tiedOuts[k - 1].ix) as Ix) as number));
  // Inside the blocks, a tied input index is the same number as its output index.
  const renamed = terms.map((t) => ({ ...t, factors: t.factors.filter((f) => !(f.kind === 'delta' && isCommonTie(f, common))).map((f) => renameFactor(f, (x) => (tiedIns.has(x) ? tiedOutOf(common, x) : x))) }));
  const famDependent = renamed.some((t) => t.factors.some((f) => f.kind !== 'delta' && indicesOf(f).some((x) => common.has(x))));

  const fam = new Map<Ix, string>(tiedOuts.map((a, k) => [a.ix, FAMILY_LETTERS[k] ?? `n${k}`]));
  const freeOuts = outs.filter((a) => !common.has(a.ix));
  const freeIns = ins.filter((a) => !tiedIns.has(a.ix));
  const count = productOf(tiedOuts.map((a) => a.size));
  const blockRows = productOf(freeOuts.map((a) => a.size));
  const blockCols = productOf(freeIns.map((a) => a.size));
  const blocks = { count, rows: blockRows, cols: blockCols };

  if (tiedOuts.length > 0 && freeOuts.length === 0 && freeIns.length === 0) {
    if (orderPreserving) return { structure: 'diagonal', formula: diagonalFormula(renamed, live(axes.out), namer) ?? kroneckerFormula(terms, outs, ins, size, namer)?.p ?? null };
    const pure = terms.length === 1 && terms[0].coef === 1 && terms[0].mul.length === 0 && terms[0].den.length === 0 && renamed[0].factors.length === 0;
    if (pure) return { structure: 'permutation', formula: commutation(axes, vec, outs, common) };
    return { structure: 'sparse', formula: null, note: 'a permutation of a diagonal: one nonzero in each row and column' };
  }

  const prefix = tiedOuts.length > 0 && orderPreserving && tiedOuts.every((a) => (outRank.get(a.ix) as number) < tiedOuts.length) && [...tiedIns].every((x) => (inRank.get(x) as number) < tiedIns.size);
  const suffix =
    tiedOuts.length > 0 &&
    orderPreserving &&
    tiedOuts.every((a) => (outRank.get(a.ix) as number) >= outs.length - tiedOuts.length) &&
    [...tiedIns].every((x) => (inRank.get(x) as number) >= ins.length - tiedIns.size);
  const block = tiedOuts.length > 0 ? sizedOnes(blockFormula(renamed, fam, freeOuts, freeIns, namer), blockRows, blockCols) : null;
  const inner = tiedOuts.length > 0 ? blockStructure(renamed, freeOuts, freeIns) : undefined;
  const countText = formatSize(count);
  if (prefix && !famDependent) return { structure: 'kronecker', formula: block && kron([identityP(countText), block]), blocks: { ...blocks, structure: inner } };
  if (suffix && !famDependent) return { structure: 'kronecker', formula: block && kron([block, identityP(countText)]), blocks: { ...blocks, structure: inner } };
  if (prefix) return { structure: 'block-diagonal', formula: block && blockdiag(fam, count, block), blocks: { ...blocks, structure: inner } };
  if (tiedOuts.length > 0) {
    // Tied, but not outermost in this order: block-diagonal after reordering to the other vec order
    // (asked once: when the other order says the same, the answer is sparse).
    const other: VecOrder = vec === 'row-major' ? 'column-major' : 'row-major';
    const there = flipped ? null : classify(terms, axes, other, namer, true);
    if (there && (there.structure === 'block-diagonal' || there.structure === 'kronecker') && there.formula) {
      const wrapped = reorder(axes, vec, there.formula);
      return {
        structure: 'sparse',
        formula: wrapped,
        blocks: { ...blocks, structure: inner },
        note: `${there.structure === 'kronecker' ? 'a Kronecker product' : `block-diagonal (${formatSize(count)} blocks of ${formatSize(blockRows)}×${formatSize(blockCols)})`} in ${other} order; in ${vec} order the blocks interleave`,
      };
    }
    return { structure: 'sparse', formula: null, blocks: { ...blocks, structure: inner } };
  }

  // No common ties.
  if (isDiagonalPlusLowRank(terms, outSet, inSet, outs, ins)) {
    const f = outs.length <= 1 && ins.length <= 1 ? blockFormula(renamed, new Map(), outs, ins, namer) : null;
    return { structure: 'diagonal-plus-low-rank', formula: f };
  }
  if (terms.length === 1) {
    const k = kroneckerFormula(terms, outs, ins, size, namer);
    if (k && k.parts > 1) return { structure: 'kronecker', formula: k.p };
    if (dense(terms)) return { structure: 'dense', formula: k?.p ?? wholeFormula(terms[0], live(axes.out), live(axes.in), rowsDim, colsDim, namer) };
  }
  if (dense(terms)) return { structure: 'dense', formula: null };
  return null;
}

function scalarFormula(terms: Term[], namer: Namer): P | null {
  const items: { sign: 1 | -1; p: P }[] = [];
  for (const t of terms) {
    const b = blockTerm(t, { fam: new Map(), r: null, c: null }, namer);
    if (!b) return null;
    const p = prod(b.scalars.length ? [...b.scalars, ...b.items] : b.items.length ? b.items : [sym('1')]);
    items.push({ sign: b.sign, p });
  }
  return sum(items);
}

function isCommonTie(f: Extract<Factor, { kind: 'delta' }>, common: Map<Ix, Ix>): boolean {
  return common.get(f.a) === f.b || common.get(f.b) === f.a;
}

function tiedOutOf(common: Map<Ix, Ix>, inIx: Ix): Ix {
  for (const [o, i] of common) if (i === inIx) return o;
  return inIx;
}

/** The term's deltas as output → input ties, or null when a delta is not one-to-one between F and X. */
function simpleTies(t: Term, outs: Set<Ix>, ins: Set<Ix>): Map<Ix, Ix> | null {
  const ties = new Map<Ix, Ix>();
  const usedIns = new Set<Ix>();
  for (const f of t.factors) {
    if (f.kind !== 'delta') continue;
    const [o, i] = outs.has(f.a) && ins.has(f.b) ? [f.a, f.b] : outs.has(f.b) && ins.has(f.a) ? [f.b, f.a] : [null, null];
    if (o === null || i === null || ties.has(o) || usedIns.has(i)) return null;
    ties.set(o, i);
    usedIns.add(i);
  }
  return ties;
}

/** Every output depends on every input: some term has no ties and only full factors. */
function dense(terms: Term[]): boolean {
  return terms.some((t) => t.factors.every((f) => f.kind !== 'delta' && f.kind !== 'explicit'));
}

/** Diagonal terms (every axis tied in order) plus terms that separate F from X entirely (rank one each). */
function isDiagonalPlusLowRank(terms: Term[], outSet: Set<Ix>, inSet: Set<Ix>, outs: { ix: Ix }[], ins: { ix: Ix }[]): boolean {
  let diag = 0;
  let lowRank = 0;
  for (const t of terms) {
    const ties = simpleTies(t, outSet, inSet);
    if (ties && ties.size === outs.length && ties.size === ins.length && outs.every((o, k) => ties.get(o.ix) === ins[k].ix)) diag++;
    else if (ties && ties.size === 0 && separates(t, outSet, inSet)) lowRank++;
    else return false;
  }
  return diag > 0 && lowRank > 0;
}

/** No factor mentions both an output and an input index: the term is an outer product. */
function separates(t: Term, outSet: Set<Ix>, inSet: Set<Ix>): boolean {
  return t.factors.every((f) => {
    const idx = indicesOf(f);
    return !(idx.some((x) => outSet.has(x)) && idx.some((x) => inSet.has(x)));
  });
}

/** What each block is: diagonal, diagonal plus low rank (softmax rows), or dense. */
function blockStructure(terms: Term[], freeOuts: { ix: Ix }[], freeIns: { ix: Ix }[]): StructureClass | undefined {
  if (freeOuts.length === 0 || freeIns.length === 0) return 'dense';
  const outSet = new Set(freeOuts.map((a) => a.ix));
  const inSet = new Set(freeIns.map((a) => a.ix));
  if (isDiagonalPlusLowRank(terms, outSet, inSet, freeOuts, freeIns)) return 'diagonal-plus-low-rank';
  if (dense(terms)) return 'dense';
  return undefined;
}

/** The block printed with the tied indices as subscripts; null when it has more than one free axis a side. */
function blockFormula(terms: Term[], fam: Map<Ix, string>, freeOuts: { ix: Ix }[], freeIns: { ix: Ix }[], namer: Namer): P | null {
  if (freeOuts.length > 1 || freeIns.length > 1) return null;
  const roles: Roles = { fam, r: freeOuts[0]?.ix ?? null, c: freeIns[0]?.ix ?? null };
  const printed: BlockTerm[] = [];
  for (const t of terms) {
    const b = blockTerm(t, roles, namer);
    if (!b) return null;
    printed.push(b);
  }
  return sumOfBlocks(printed);
}

/** A block that is all ones says its size, so that I_m ⊗ 1ᵀ_n reads unambiguously. */
function sizedOnes(p: P | null, rows: Dim, cols: Dim): P | null {
  if (!p) return p;
  if (p.k === 'sym' && p.text === '1') return rows === 1 ? onesP(true, formatSize(cols)) : onesP(false, formatSize(rows));
  if (p.k === 'T' && p.p.k === 'sym' && p.p.text === '1') return onesP(true, formatSize(cols));
  if (p.k === 'prod') return prod(p.items.map((x) => (x.k === 'T' && x.p.k === 'sym' && x.p.text === '1' ? onesP(true, formatSize(cols)) : x.k === 'sym' && x.text === '1' ? onesP(false, formatSize(rows)) : x)));
  return p;
}

function blockdiag(fam: Map<Ix, string>, count: Dim, block: P): P {
  const letters = [...fam.values()];
  const sub = letters.length === 1 ? `${letters[0]}=1..${formatSize(count)}` : letters.join(',');
  return call({ text: `blockdiag_{${sub}}`, latex: `\\operatorname{blockdiag}_{${letters.length === 1 ? `${letters[0]}=1}^{${latexSize(count)}` : letters.join(',')}}` }, block);
}

/** Diag(vec W) for elementwise terms whose values have F's axes in order; I for a term with no values. */
function diagonalFormula(terms: Term[], outs: { ix: Ix; size: Dim }[], namer: Namer): P | null {
  const axisOrder = outs.map((a) => a.ix).join();
  const items: { sign: 1 | -1; p: P }[] = [];
  for (const t of terms) {
    if (t.factors.some((f) => f.kind !== 'tensor')) return null;
    const tensors = t.factors as Extract<Factor, { kind: 'tensor' }>[];
    // Values over every axis make Diag(vec W); values over none (a scalar constant) scale it.
    const scalars = tensors.filter((f) => f.at.every((x) => x === null));
    const full = tensors.filter((f) => !scalars.includes(f));
    if (!full.every((f) => f.at.filter((x) => x !== null).join() === axisOrder)) return null;
    const c = coefficient(t);
    const vals = full.flatMap((f) => f.vals);
    const core = vals.length ? diagP(vecOf(namer.vals(vals))) : identityP(formatSize(productOf(outs.map((a) => a.size))));
    const front = [...(c.magnitude ? [c.magnitude] : []), ...scalars.map((f) => scalarOf(namer.vals(f.vals)))];
    items.push({ sign: c.sign, p: front.length ? prod([...front, core]) : core });
  }
  return sum(items);
}

function scalarOf(f: { text: string; latex: string }): P {
  return /^[\w.]+$/.test(f.text) ? sym(f.text, f.latex) : sym(`(${f.text})`, `\\left(${f.latex}\\right)`);
}

function vecOf(f: { text: string; latex: string }): P {
  const simple = /^\w+$/.test(f.text);
  return sym(simple ? `vec ${f.text}` : `vec(${f.text})`, simple ? `\\operatorname{vec} ${f.latex}` : `\\operatorname{vec}\\left(${f.latex}\\right)`);
}

/** One term with no ties: the whole matrix as a column or row of values, ones, or a single matrix. Axes in axis order. */
function wholeFormula(t: Term, outs: { ix: Ix }[], ins: { ix: Ix }[], rows: Dim, cols: Dim, namer: Namer): P | null {
  const c = coefficient(t);
  const sign = (p: P) => {
    const body = c.magnitude ? prod([c.magnitude, p]) : p;
    return c.sign < 0 ? sum([{ sign: -1, p: body }]) : body;
  };
  if (t.factors.length === 0) {
    if (outs.length === 0) return sign(onesP(true, formatSize(cols)));
    if (ins.length === 0) return sign(onesP(false, formatSize(rows)));
    return sign(prod([onesP(false, formatSize(rows)), onesP(true, formatSize(cols))]));
  }
  if (t.factors.length === 1 && t.factors[0].kind === 'tensor') {
    const f = t.factors[0];
    const liveAt = f.at.filter((x): x is Ix => x !== null);
    const v = vecOf(namer.vals(f.vals));
    // vec W lines up with vec X (or vec F) when W has X's axes in X's order, in either vec order.
    if (outs.length === 0 && liveAt.join() === ins.map((a) => a.ix).join()) return sign(transpose(v));
    if (ins.length === 0 && liveAt.join() === outs.map((a) => a.ix).join()) return sign(v);
  }
  if (outs.length <= 1 && ins.length <= 1) {
    const b = blockTerm(t, { fam: new Map(), r: outs[0]?.ix ?? null, c: ins[0]?.ix ?? null }, namer);
    if (b) return sumOfBlocks([b]);
  }
  return null;
}

/**
 * A single term whose indices split into groups that share no factor is a Kronecker
 * product of the groups, provided each group's axes are adjacent in the vec order on
 * both sides (A ⊗ Bᵀ row-major is Bᵀ ⊗ A column-major).
 */
function kroneckerFormula(terms: Term[], outs: { ix: Ix; size: Dim }[], ins: { ix: Ix; size: Dim }[], size: Map<Ix, Dim>, namer: Namer): { p: P; parts: number } | null {
  if (terms.length !== 1) return null;
  const t = terms[0];
  const all = [...outs.map((a) => a.ix), ...ins.map((a) => a.ix)];
  const parent = new Map<Ix, Ix>(all.map((x) => [x, x]));
  const find = (x: Ix): Ix => (parent.get(x) === x ? x : find(parent.get(x) as Ix));
  for (const f of t.factors) {
    const idx = indicesOf(f);
    for (const x of idx.slice(1)) parent.set(find(x), find(idx[0]));
  }
  const groups = new Map<Ix, { outs: Ix[]; ins: Ix[]; factors: Factor[] }>();
  for (const x of all) {
    const r = find(x);
    const g = groups.get(r) ?? { outs: [], ins: [], factors: [] };
    (outs.some((a) => a.ix === x) ? g.outs : g.ins).push(x);
    groups.set(r, g);
  }
  const scalars: P[] = [];
  for (const f of t.factors) {
    const idx = indicesOf(f);
    if (idx.length === 0) {
      if (f.kind !== 'tensor') return null;
      scalars.push(scalarOf(namer.vals(f.vals)));
      continue;
    }
    groups.get(find(idx[0]))?.factors.push(f);
  }
  // Order the groups by significance and check they tile both sides contiguously.
  const rankOf = (x: Ix) => (outs.findIndex((a) => a.ix === x) >= 0 ? outs.findIndex((a) => a.ix === x) : ins.findIndex((a) => a.ix === x));
  const ordered = [...groups.values()].sort((a, b) => Math.min(...[...a.outs, ...a.ins].map(rankOf)) - Math.min(...[...b.outs, ...b.ins].map(rankOf)));
  const outSeq = ordered.flatMap((g) => g.outs);
  const inSeq = ordered.flatMap((g) => g.ins);
  if (outSeq.join() !== outs.map((a) => a.ix).join() || inSeq.join() !== ins.map((a) => a.ix).join()) return null;
  // Where a group is only outputs (or only inputs), its position among the other side is free; check monotone on both sides.
  const parts: P[] = [];
  for (const g of ordered) {
    if (g.outs.length > 1 || g.ins.length > 1) return null;
    const r = g.outs[0] ?? null;
    const c = g.ins[0] ?? null;
    if (g.factors.length === 0) {
      if (r && c) return null;
      parts.push(onesP(c !== null, formatSize((size.get((r ?? c) as Ix) ?? 1) as Dim)));
      continue;
    }
    if (g.factors.length === 1 && g.factors[0].kind === 'delta') {
      parts.push(identityP(formatSize(size.get(r as Ix) as Dim)));
      continue;
    }
    const b = blockTerm({ coef: 1, mul: [], den: [], factors: g.factors }, { fam: new Map(), r, c }, namer);
    if (!b) return null;
    parts.push(sumOfBlocks([b]));
  }
  const merged = mergeOnes(parts);
  const c = coefficient(t);
  const body = merged.length === 1 ? merged[0] : kron(merged);
  const front = [...(c.magnitude ? [c.magnitude] : []), ...scalars];
  const scaled = front.length ? scale({ text: front.map(textOf).join(''), latex: front.map(latexOf).join('\\,') }, body) : body;
  return { p: c.sign < 0 ? sum([{ sign: -1, p: scaled }]) : scaled, parts: merged.length };
}

/** 1ᵀ_a ⊗ 1ᵀ_b = 1ᵀ_{ab}: adjacent ones of the same orientation merge. */
function mergeOnes(parts: P[]): P[] {
  const out: P[] = [];
  const onesOf = (p: P): { t: boolean; n: string } | null => {
    const s = p.k === 'T' ? p.p : p;
    if (s.k !== 'sym') return null;
    const m = /^1_\{?([^}]+)\}?$/.exec(s.text);
    return m ? { t: p.k === 'T', n: m[1] } : null;
  };
  for (const p of parts) {
    const prev = out.length ? onesOf(out[out.length - 1]) : null;
    const cur = onesOf(p);
    if (prev && cur && prev.t === cur.t) out[out.length - 1] = onesP(cur.t, joinSizes(prev.n, cur.n));
    else out.push(p);
  }
  return out;
}

function joinSizes(a: string, b: string): string {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return String(na * nb);
  if (Number.isFinite(na)) return `${a}${b}`;
  if (Number.isFinite(nb)) return `${b}${a}`;
  return `${a}·${b}`;
}

const textOf = (p: P) => (p.k === 'sym' ? p.text : '');
const latexOf = (p: P) => (p.k === 'sym' ? p.latex : '');

/**
 * The commutation matrix of a transpose. K_{m,n} vec(A) = vec(Aᵀ) for A m×n (column-major
 * vec); row-major vec(A) is column-major vec(Aᵀ), so the same transpose is K_{n,m} there.
 */
function commutation(axes: Axes, vec: VecOrder, outs: { ix: Ix }[], common: Map<Ix, Ix>): P {
  const inAxes = live(axes.in);
  if (inAxes.length === 2) {
    const [m, n] = inAxes.map((a) => formatSize(a.size));
    const [a, b] = vec === 'column-major' ? [m, n] : [n, m];
    return sym(`K_{${a},${b}}`, `K_{${latexSize(a)},${latexSize(b)}}`);
  }
  const perm = outs.map((o) => inAxes.findIndex((a) => a.ix === common.get(o.ix)));
  return sym(`P_(${perm.join(',')})`, `P_{(${perm.join(',')})}`);
}

/**
 * A matrix J' in the other vec order seen in this one: J_col = K_{q,p} J_row K_{m,n} for F
 * p×q and X m×n, and J_row = K_{p,q} J_col K_{n,m}. Only for matrices (rank ≤ 2).
 */
function reorder(axes: Axes, vec: VecOrder, other: P): P | null {
  if (axes.out.length > 2 || axes.in.length > 2) return null;
  const dims = (a: Axis[]) => (a.length === 2 ? [a[0].size, a[1].size] : [a[0]?.size ?? 1, 1]);
  const [p, q] = dims(axes.out);
  const [m, n] = dims(axes.in);
  const k = (a: Dim, b: Dim): P | null => (a === 1 || b === 1 ? null : sym(`K_{${formatSize(a)},${formatSize(b)}}`, `K_{${latexSize(a)},${latexSize(b)}}`));
  const left = vec === 'column-major' ? k(q, p) : k(p, q);
  const right = vec === 'column-major' ? k(m, n) : k(n, m);
  return prod([...(left ? [left] : []), other, ...(right ? [right] : [])]);
}
