/**
 * Math is declarative: `E = -sum(a ⊙ log(x))` may come before `x = softmax(B·A)`.
 * This orders the equations so every definition precedes its uses (a stable
 * topological sort: among statements that are ready, the earliest written goes first),
 * and finds cyclic definitions (`B = C·B`, or x = f(y) … y = g(x)). The statement that
 * closes a cycle is not emitted as an assignment: it becomes a CycleStmt and a warning,
 * and the name keeps its earlier value.
 *
 * A declared name defined in terms of itself (`B = C·B`) is not a cycle but a where clause:
 * the uses written above it read the new value (under the name of its right side, `C·B`),
 * its own right side and everything below it the declared one.
 *
 * A name may be defined twice; a use means the latest definition written before it, or,
 * when there is none, the first one written after it. Definitions of one name keep their
 * written order, and a use is read before the next definition overwrites it.
 */
import type { AssignStmt, CycleStmt, Expr, Stmt } from '../../ir/program';
import { problem, type Problem, type RelatedInfo } from '../../ir/problem';
import type { Span } from '../../ir/span';
import type { Link } from './chains';
import { printExpr } from './print';

export interface Equation {
  stmt: AssignStmt;
  name: string;
  /** Names the right side reads, in order of first use. */
  uses: string[];
  /** For `dE = …`: the links after the first (`&= …` on the lines below). */
  links?: Link[];
}

export interface Ordered {
  stmts: Stmt[];
  problems: Problem[];
}

/** `declared`: names declared anywhere in the text (they are defined before every equation). */
export function orderEquations(equations: Equation[], declared: ReadonlyMap<string, Span>): Ordered {
  const graph = new DependencyGraph(equations.length);
  const defs = new Map<string, number[]>();
  /** For each name, the kept equations that read it and the definition each reads (-1: none yet). */
  const readers = new Map<string, Map<number, number>>();
  const problems: Problem[] = [];
  const cycles: number[] = [];
  /** Where clauses, with the name their readers now read them by (the printed right side). */
  const standing = new Map<number, string>();

  equations.forEach((eq, k) => {
    const own = defs.get(eq.name) ?? [];
    const earlier = own.length ? own[own.length - 1] : -1;
    // `B = C·B` with B declared: a where clause, "the B used elsewhere is C times the declared B".
    const standsIn = eq.uses.includes(eq.name) && own.length === 0 && declared.has(eq.name);
    if (eq.uses.includes(eq.name) && !standsIn) {
      cycles.push(k);
      problems.push(cycleProblem(equations, [k], earlier >= 0 || declared.has(eq.name), declared.get(eq.name) ?? (earlier >= 0 ? equations[earlier].stmt.span : undefined)));
      return;
    }
    const before = new Set<number>();
    const after = new Set<number>();
    const resolved = new Map<string, number>();
    for (const u of eq.uses) {
      if (standsIn && u === eq.name) continue;
      const ds = defs.get(u);
      const d = ds && ds.length ? ds[ds.length - 1] : -1;
      resolved.set(u, d);
      if (d >= 0) before.add(d);
    }
    const forward: number[] = [];
    for (const [j, d] of readers.get(eq.name) ?? []) {
      // Readers of the earlier definition read it before this one overwrites it.
      if (earlier >= 0 && d === earlier) before.add(j);
      if (d === -1) {
        forward.push(j);
        after.add(j);
      }
    }
    if (earlier >= 0) before.add(earlier);
    const path = graph.pathFromAnyTo(after, before);
    if (path) {
      cycles.push(k);
      // The path runs along "is read by"; show it along "reads": c = f(a), a = g(b), b = h(c).
      problems.push(cycleProblem(equations, [k, ...path.reverse()], earlier >= 0 || declared.has(eq.name), declared.get(eq.name) ?? (earlier >= 0 ? equations[earlier].stmt.span : undefined)));
      return;
    }
    for (const [u, d] of resolved) {
      let r = readers.get(u);
      if (!r) readers.set(u, (r = new Map()));
      r.set(k, d);
    }
    for (const b of before) graph.add(b, k);
    for (const a of after) graph.add(k, a);
    const forwardReaders = readers.get(eq.name);
    for (const j of forward) forwardReaders?.set(j, k);
    if (standsIn) {
      // It explains the uses written above it; below it, B is the declared B again.
      const key = printExpr(eq.stmt.value);
      standing.set(k, key);
      for (const j of forward) renameReads(equations[j].stmt.value, eq.name, key);
      problems.push(standsInProblem(eq, declared.get(eq.name) as Span));
      return;
    }
    own.push(k);
    defs.set(eq.name, own);
  });

  // A CycleStmt follows the definitions it mentions, so the interpreter reports it in context.
  for (const k of cycles) {
    for (const u of equations[k].uses) {
      for (const d of defs.get(u) ?? []) if (u !== equations[k].name || d < k) graph.add(d, k);
    }
  }
  const order = graph.stableTopologicalOrder();
  const cycleSet = new Set(cycles);
  const stmts: Stmt[] = order.map((k) =>
    cycleSet.has(k) ? ({ kind: 'cycle', name: equations[k].name, span: equations[k].stmt.span } satisfies CycleStmt) : standing.has(k) ? { ...equations[k].stmt, standsIn: standing.get(k) } : equations[k].stmt,
  );
  return { stmts, problems };
}

function renameReads(e: Expr, from: string, to: string): void {
  if (e.kind === 'name' && e.name === from) e.name = to;
  else if (e.kind === 'call') {
    e.args.forEach((a) => renameReads(a, from, to));
    Object.values(e.kwargs).forEach((a) => renameReads(a, from, to));
  } else if (e.kind === 'unsupported') e.args.forEach((a) => renameReads(a, from, to));
  else if (e.kind === 'tuple') e.items.forEach((a) => renameReads(a, from, to));
  else if (e.kind === 'index') renameReads(e.target, from, to);
}

function standsInProblem(eq: Equation, declaredAt: Span): Problem {
  const shown = printExpr(eq.stmt.value);
  return problem(
    'self-definition',
    'info',
    eq.stmt.span,
    `\`${eq.name} = ${shown}\` is read as a where clause: the ${eq.name} used above it is ${shown}, with the declared ${eq.name} on the right (and everywhere below)`,
    [{ span: declaredAt, message: `the declared \`${eq.name}\`` }],
  );
}

function cycleProblem(equations: Equation[], path: number[], hasEarlier: boolean, earlierSpan: Span | undefined): Problem {
  const [k, ...rest] = path;
  const eq = equations[k];
  const shown = path.map((j) => `${equations[j].name} = ${printExpr(equations[j].stmt.value)}`).join(', ');
  const through = rest.length ? ` through ${rest.map((j) => `\`${equations[j].name}\``).join(', ')}` : '';
  const outcome = hasEarlier ? `using the earlier ${eq.name}` : `this definition is ignored`;
  const related: RelatedInfo[] = rest.map((j) => ({ span: equations[j].stmt.span, message: `\`${equations[j].name}\` is defined here` }));
  if (earlierSpan) related.push({ span: earlierSpan, message: `the earlier \`${eq.name}\`` });
  return problem('cyclic-definition', 'warning', eq.stmt.span, `\`${eq.name}\` is defined in terms of itself${through} (${shown}): a cyclic definition; ${outcome}`, related);
}

class DependencyGraph {
  private readonly succ: Set<number>[];

  constructor(private readonly size: number) {
    this.succ = Array.from({ length: size }, () => new Set<number>());
  }

  add(from: number, to: number): void {
    if (from !== to) this.succ[from].add(to);
  }

  /** A path (list of nodes) from some node in `sources` to some node in `targets`, or null. */
  pathFromAnyTo(sources: Set<number>, targets: Set<number>): number[] | null {
    if (!sources.size || !targets.size) return null;
    const parent = new Map<number, number>();
    const queue: number[] = [];
    for (const s of sources) {
      parent.set(s, -1);
      queue.push(s);
    }
    for (let q = 0; q < queue.length; q++) {
      const n = queue[q];
      if (targets.has(n)) {
        const path: number[] = [];
        for (let m = n; m !== -1; m = parent.get(m) ?? -1) path.unshift(m);
        return path;
      }
      for (const s of this.succ[n]) {
        if (!parent.has(s)) {
          parent.set(s, n);
          queue.push(s);
        }
      }
    }
    return null;
  }

  /** Kahn's algorithm taking the smallest ready index each time: written order where it is free. */
  stableTopologicalOrder(): number[] {
    const indegree = new Array<number>(this.size).fill(0);
    for (const s of this.succ) for (const t of s) indegree[t]++;
    const ready = new MinHeap();
    for (let i = 0; i < this.size; i++) if (indegree[i] === 0) ready.push(i);
    const order: number[] = [];
    const placed = new Array<boolean>(this.size).fill(false);
    while (ready.size) {
      const n = ready.pop();
      order.push(n);
      placed[n] = true;
      for (const t of this.succ[n]) if (--indegree[t] === 0) ready.push(t);
    }
    // Unreachable by construction (cycles were removed); keep every statement regardless.
    for (let i = 0; i < this.size; i++) if (!placed[i]) order.push(i);
    return order;
  }
}

class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(x: number): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p] <= a[i]) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }

  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop() as number;
    if (a.length) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
