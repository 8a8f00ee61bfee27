import type { Analysis } from '../analysis';
import type { Graph } from '../ir/graph';
import type { Expr, NumExpr, Program, Stmt, Target } from '../ir/program';
import type { Span } from '../ir/span';
import { Tracer } from '../trace/tracer';

/**
 * Smaller sizes for a check that would not fit its budgets at the code's own. A gradient
 * formula's correctness does not depend on the sizes, so the code is traced again with
 * smaller values for the sizes it names: the symbols (N given as --dims N=100000), and the
 * literal sizes bound to Python variables (`N = 100000`). Everything computed from them
 * (`H = N // 2`, `X.shape[0]`) follows, so the shape relations hold. A new value that
 * breaks the code (a reshape that no longer divides) is not kept.
 */
export interface SizeChange {
  name: string;
  from: number;
  to: number;
  /** The assignment that set it, for a literal. */
  span: Span | null;
}

export interface Reduced {
  graph: Graph;
  bindings: Record<string, number>;
  changes: SizeChange[];
}

interface Candidate {
  name: string;
  value: number;
  /** Literal sizes: the number expressions to replace; symbols have none. */
  literals: NumExpr[];
  span: Span | null;
}

/** Re-traces tried at most (each costs about one analysis). */
const MAX_TRIES = 24;
/** Sizes at or below this are left alone. */
const SMALL = 16;
/** Reduced sizes tried when a small one does not work. */
const LARGER = [64, 512, 4096];

export interface ReduceOptions {
  dims?: Record<string, number>;
  range?: Span;
  /** The first reduced size (default 8). */
  defaultBatch?: number;
}

export function reduceSizes(analysis: Analysis, options: ReduceOptions, fits: (graph: Graph, bindings: Record<string, number>) => boolean): Reduced | null {
  const program = analysis.program;
  const trace = (literals: Map<NumExpr, number>, dims: Record<string, number>) =>
    new Tracer(analysis.text, analysis.lines, { language: analysis.language, range: options.range, dims }).run(literals.size ? withLiterals(program, literals) : program);
  const baseDims = { ...(options.dims ?? {}) };
  const base = trace(new Map(), baseDims);
  const baseErrors = errorKeys(base.problems);
  let currentShapes = shapesKey(base.graph, base.bindings.asRecord());
  // `H = N // 100` at N = 8 is 0: a size the code never meant to be empty.
  const baseEmpty = emptyAxes(base.graph);
  const used = new Set<number>();
  for (const n of base.graph.nodes) for (const d of n.shape) if (typeof d === 'number' && d <= SMALL * 4) used.add(d);

  const candidates = [...literalCandidates(program), ...symbolCandidates(analysis.bindings, program)].filter((c) => c.value > SMALL).sort((a, b) => b.value - a.value);
  const literals = new Map<NumExpr, number>();
  const dims = { ...baseDims };
  const changes: SizeChange[] = [];
  let next = options.defaultBatch ?? 8;
  const fresh = () => {
    while (used.has(next)) next++;
    used.add(next);
    return next;
  };
  let tries = 0;
  for (const c of candidates) {
    // A fresh size keeps transposes visible; the size an equal one got keeps code that mixes the two working;
    // larger ones keep sizes computed from it (`H = N // 500`) from reaching 0.
    const same = changes.filter((x) => x.from === c.value).map((x) => x.to);
    const sizes = [...new Set([fresh(), ...same, ...LARGER.filter((v) => v < c.value)])];
    for (const to of sizes) {
      if (++tries > MAX_TRIES) return null;
      const tryLiterals = new Map(literals);
      for (const e of c.literals) tryLiterals.set(e, to);
      const tryDims = c.literals.length ? dims : { ...dims, [c.name]: to };
      const t = trace(tryLiterals, tryDims);
      // Not kept: a value the code cannot run with, or one that is not a size at all (no shape changed).
      const shapes = shapesKey(t.graph, t.bindings.asRecord());
      if (![...errorKeys(t.problems)].every((k) => baseErrors.has(k)) || shapes === currentShapes || emptyAxes(t.graph) > baseEmpty) continue;
      currentShapes = shapes;
      for (const [e, v] of tryLiterals) literals.set(e, v);
      Object.assign(dims, tryDims);
      changes.push({ name: c.name, from: c.value, to, span: c.span });
      const bindings = t.bindings.asRecord();
      if (fits(t.graph, bindings)) return { graph: t.graph, bindings, changes };
      break;
    }
  }
  return null;
}

function errorKeys(problems: readonly { severity: string; code: string; span: Span }[]): Set<string> {
  return new Set(problems.filter((p) => p.severity === 'error').map((p) => `${p.code}@${p.span.start}`));
}

function emptyAxes(graph: Graph): number {
  let n = 0;
  for (const node of graph.nodes) for (const d of node.shape) if (typeof d === 'number' && d <= 0) n++;
  return n;
}

/** The sizes a trace gives: its shapes, and the values of its symbols. */
function shapesKey(graph: Graph, bindings: Record<string, number>): string {
  return JSON.stringify([graph.nodes.map((n) => n.shape), bindings]);
}

/** Names assigned an integer literal exactly once (`N = 100000`, `N, D = 64, 784`), anywhere in the code. */
function literalCandidates(program: Program): Candidate[] {
  const count = new Map<string, number>();
  const found: Candidate[] = [];
  const names = (t: Target): string[] => (t.kind === 'tuple' ? t.items.flatMap(names) : [t.name]);
  const visit = (stmts: Stmt[]) => {
    for (const s of stmts) {
      if (s.kind === 'for' || s.kind === 'if') {
        for (const n of s.kind === 'for' ? names(s.target) : []) count.set(n, (count.get(n) ?? 0) + 2);
        visit(s.body);
        if (s.kind === 'if') visit(s.orelse);
        continue;
      }
      if (s.kind !== 'assign') continue;
      for (const n of names(s.target)) count.set(n, (count.get(n) ?? 0) + 1);
      if (s.op !== '=') continue;
      const pairs: [Target, Expr][] = s.target.kind === 'tuple' && s.value.kind === 'tuple' && s.value.items.length === s.target.items.length ? s.target.items.map((t, i) => [t, (s.value as Extract<Expr, { kind: 'tuple' }>).items[i]]) : [[s.target, s.value]];
      for (const [t, e] of pairs) {
        if (t.kind === 'name' && e.kind === 'num' && Number.isInteger(e.value) && e.value > 0) found.push({ name: t.name, value: e.value, literals: [e], span: s.span });
      }
    }
  };
  visit(program.stmts);
  return found.filter((c) => count.get(c.name) === 1);
}

/** Symbols with a known size (--dims, gradLens.dims, or learned from the code), unless the code assigns the name itself. */
function symbolCandidates(bindings: Record<string, number>, program: Program): Candidate[] {
  const assigned = new Set(literalCandidates(program).map((c) => c.name));
  return Object.entries(bindings)
    .filter(([name, v]) => !assigned.has(name) && Number.isInteger(v))
    .map(([name, value]) => ({ name, value, literals: [], span: null }));
}

/** The program with some number literals replaced (statements are copied only where they change). */
function withLiterals(program: Program, literals: Map<NumExpr, number>): Program {
  const num = (e: Expr): Expr => (e.kind === 'num' && literals.has(e) ? { ...e, value: literals.get(e) as number } : e);
  const stmts = (list: Stmt[]): Stmt[] =>
    list.map((s) => {
      if (s.kind === 'for') return { ...s, body: stmts(s.body) };
      if (s.kind === 'if') return { ...s, body: stmts(s.body), orelse: stmts(s.orelse) };
      if (s.kind !== 'assign') return s;
      if (s.value.kind === 'tuple') return { ...s, value: { ...s.value, items: s.value.items.map(num) } };
      return { ...s, value: num(s.value) };
    });
  return { ...program, stmts: stmts(program.stmts) };
}

/** "N = 8 instead of 100000, D = 9 instead of 50000". */
export function describeChanges(changes: SizeChange[]): string {
  return changes.map((c) => `${c.name} = ${c.to} instead of ${c.from}`).join(', ');
}
