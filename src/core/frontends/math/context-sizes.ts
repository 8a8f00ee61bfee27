/**
 * Identities and vectors of ones that the note does not define (`I`, `I_c`, `I_n`,
 * `\mathbf{1}`) take the size that makes the expression they are in conform, as a reader
 * of the note would: in `M = AᵀBᵀ ⊗ I_c` with `z = M·c`, the identity has whatever size
 * makes M's columns match c's rows, whatever the subscript says. The size is written as an
 * expression of the sizes around it (`dim(c, 0) / dim(AᵀBᵀ, 1)`), which the interpreter
 * folds to a number or a symbolic size. Where nothing fixes the size, an identity is read
 * by its subscript (I_C: as many rows as C; I_n: of size n) and a vector of ones is the
 * number 1.
 */
import type { CallExpr, Expr, NumExpr } from '../../ir/program';
import type { Span } from '../../ir/span';
import { identityLike, kronOf } from './lower';
import type { Equation } from './order';
import { ONES } from './tokenizer';

type Axis = 0 | 1;

const ELEMENTWISE = new Set(['add', 'sub', 'mul', 'div']);

const num = (value: number, span: Span): NumExpr => ({ kind: 'num', value, span });
const call = (op: string, args: Expr[], span: Span, callee: string): CallExpr => ({ kind: 'call', op, args, kwargs: {}, span, callee });
const dimOf = (x: Expr, axis: Axis, span: Span): CallExpr => call('dim', [x, num(axis, span)], span, 'dim');

/** What kind of placeholder a name is: an identity, a vector of ones, or neither. */
function placeholder(name: string, known: ReadonlySet<string>): 'identity' | 'ones' | null {
  if (known.has(name)) return null;
  if (name === 'I' || /^I_.+$/.test(name)) return 'identity';
  if (name === ONES || name.startsWith(`${ONES}_`)) return 'ones';
  return null;
}

function contains(e: Expr, test: (n: string) => boolean): boolean {
  switch (e.kind) {
    case 'name':
      return test(e.name);
    case 'call':
      return e.args.some((a) => contains(a, test)) || Object.values(e.kwargs).some((a) => contains(a, test));
    case 'unsupported':
      return e.args.some((a) => contains(a, test));
    case 'tuple':
      return e.items.some((a) => contains(a, test));
    default:
      return false;
  }
}

/** A copy of `e` whose spans are all `span`: a size read from elsewhere belongs to the placeholder it sizes. */
function respan(e: Expr, span: Span): Expr {
  switch (e.kind) {
    case 'call':
      return { ...e, span, args: e.args.map((a) => respan(a, span)), kwargs: Object.fromEntries(Object.entries(e.kwargs).map(([k, v]) => [k, respan(v, span)])) };
    case 'unsupported':
      return { ...e, span, args: e.args.map((a) => respan(a, span)) };
    case 'tuple':
      return { ...e, span, items: e.items.map((a) => respan(a, span)) };
    default:
      return { ...e, span };
  }
}

function namesOf(e: Expr, out: Set<string> = new Set()): Set<string> {
  if (e.kind === 'name') out.add(e.name);
  else if (e.kind === 'call') {
    e.args.forEach((a) => namesOf(a, out));
    Object.values(e.kwargs).forEach((a) => namesOf(a, out));
  } else if (e.kind === 'unsupported') e.args.forEach((a) => namesOf(a, out));
  else if (e.kind === 'tuple') e.items.forEach((a) => namesOf(a, out));
  return out;
}

/** Every occurrence of the name `name` in `root`, each with its ancestors (the nearest last). */
function occurrences(root: Expr, name: string): { node: Expr; ancestors: Expr[] }[] {
  const found: { node: Expr; ancestors: Expr[] }[] = [];
  const walk = (e: Expr, ancestors: Expr[]): void => {
    if (e.kind === 'name' && e.name === name) found.push({ node: e, ancestors });
    const children = e.kind === 'call' ? [...e.args, ...Object.values(e.kwargs)] : e.kind === 'unsupported' ? e.args : e.kind === 'tuple' ? e.items : [];
    for (const c of children) walk(c, [...ancestors, e]);
  };
  walk(root, []);
  return found;
}

class Sizer {
  /** The equations each name's definition reads, transitively: a size must not come from what depends on the sized line. */
  private readonly reads = new Map<string, Set<string>>();

  constructor(
    private readonly equations: Equation[],
    private readonly known: ReadonlySet<string>,
  ) {}

  /** Sizes every placeholder of the note in place. */
  run(): void {
    for (const eq of this.equations) {
      const before = namesOf(eq.stmt.value);
      eq.stmt.value = this.rewrite(eq, eq.stmt.value, []);
      for (const n of namesOf(eq.stmt.value)) if (!before.has(n) && !eq.uses.includes(n)) eq.uses.push(n);
    }
  }

  private rewrite(eq: Equation, e: Expr, ancestors: Expr[]): Expr {
    if (e.kind === 'name') {
      const kind = placeholder(e.name, this.known);
      if (!kind) return e;
      const size = this.sizeOf(eq, e, kind, ancestors);
      if (kind === 'identity') return size ? call('eye', [size], e.span, e.name) : this.bySubscript(e.name, e.span);
      return size ? call('ones', [{ kind: 'tuple', items: [size, num(1, e.span)], span: e.span }], e.span, e.name) : num(1, e.span);
    }
    const inner = [...ancestors, e];
    if (e.kind === 'call') {
      e.args = e.args.map((a) => this.rewrite(eq, a, inner));
      for (const k of Object.keys(e.kwargs)) e.kwargs[k] = this.rewrite(eq, e.kwargs[k], inner);
    } else if (e.kind === 'unsupported') e.args = e.args.map((a) => this.rewrite(eq, a, inner));
    else if (e.kind === 'tuple') e.items = e.items.map((a) => this.rewrite(eq, a, inner));
    return e;
  }

  /** `I_C` with C a name of the note: as many rows as C; `I_n`: of size n. */
  private bySubscript(name: string, span: Span): Expr {
    const sub = /^I_(.+)$/.exec(name)?.[1];
    if (!sub) return { kind: 'name', name, span };
    const upper = sub.toUpperCase();
    if (this.known.has(upper) && upper !== sub) return identityLike(upper, span, name);
    if (this.known.has(sub)) return identityLike(sub, span, name);
    return call('eye', [{ kind: 'name', name: sub, span }], span, name);
  }

  private sizeOf(eq: Equation, node: Expr, kind: 'identity' | 'ones', ancestors: Expr[]): Expr | null {
    // An identity is square: either axis will do. A vector of ones is a column: its rows.
    const axes: Axis[] = kind === 'identity' ? [1, 0] : [0];
    for (const axis of axes) {
      const size = this.axisFromContext(eq, node, axis, ancestors, new Set([eq.name]));
      if (size && !this.dependsOnLine(size, eq.name)) return respan(size, node.span);
    }
    return null;
  }

  /** An expression for the size of `cur`'s axis, read from what surrounds it; null if nothing fixes it. */
  private axisFromContext(eq: Equation, cur: Expr, axis: Axis, ancestors: Expr[], seen: Set<string>): Expr | null {
    const span = cur.span;
    const usable = (x: Expr) => !contains(x, (n) => placeholder(n, this.known) !== null);
    // Inside A ⊗ B: (A ⊗ B) has rows(A)·rows(B) rows and cols(A)·cols(B) columns.
    const kronAt = ancestors.length >= 1 ? ancestors[ancestors.length - 1] : undefined;
    const parts = kronAt ? kronOf(kronAt) : null;
    if (kronAt && parts && (parts[0] === cur || parts[1] === cur)) {
      const other = parts[0] === cur ? parts[1] : parts[0];
      if (!usable(other)) return null;
      const whole = this.axisFromContext(eq, kronAt, axis, ancestors.slice(0, -1), seen);
      return whole ? call('div', [whole, dimOf(other, axis, span)], span, '/') : null;
    }
    const parent = ancestors[ancestors.length - 1];
    const up = (flip: boolean) => this.axisFromContext(eq, parent, (flip ? 1 - axis : axis) as Axis, ancestors.slice(0, -1), seen);
    if (!parent) return this.fromUses(eq, axis, seen);
    if (parent.kind !== 'call') return null;
    if (parent.op === 'transpose') return up(true);
    if (parent.op === 'matmul' && parent.args.length === 2) {
      const [left, right] = parent.args;
      if (cur === left) return axis === 1 ? (usable(right) ? dimOf(right, 0, span) : null) : up(false);
      if (cur === right) return axis === 0 ? (usable(left) ? dimOf(left, 1, span) : null) : up(false);
      return null;
    }
    if (ELEMENTWISE.has(parent.op) && parent.args.length === 2) {
      const other = parent.args[0] === cur ? parent.args[1] : parent.args[0];
      // A number or a scalar broadcasts: the size comes from further out.
      if (other.kind === 'num' || other.kind === 'const') return up(false);
      return usable(other) ? dimOf(other, axis, span) : null;
    }
    return null;
  }

  /** `cur` is a whole right side: its size is fixed where its name is used. */
  private fromUses(eq: Equation, axis: Axis, seen: Set<string>): Expr | null {
    for (const other of this.equations) {
      if (other === eq || seen.has(other.name) || !other.uses.includes(eq.name)) continue;
      for (const { node, ancestors } of occurrences(other.stmt.value, eq.name)) {
        const size = this.axisFromContext(other, node, axis, ancestors, new Set([...seen, other.name]));
        if (size) return size;
      }
    }
    return null;
  }

  /** Whether the size reads the line being sized, or something computed from it. */
  private dependsOnLine(size: Expr, line: string): boolean {
    return [...namesOf(size)].some((n) => n === line || this.readsOf(n).has(line));
  }

  private readsOf(name: string, stack: Set<string> = new Set()): Set<string> {
    const cached = this.reads.get(name);
    if (cached) return cached;
    const out = new Set<string>();
    if (stack.has(name)) return out;
    stack.add(name);
    for (const eq of this.equations) {
      if (eq.name !== name) continue;
      for (const u of eq.uses) {
        out.add(u);
        for (const v of this.readsOf(u, stack)) out.add(v);
      }
    }
    stack.delete(name);
    this.reads.set(name, out);
    return out;
  }
}

/** Sizes the identities and vectors of ones of the note's equations by their context (in place). */
export function sizeByContext(equations: Equation[], known: ReadonlySet<string>): void {
  new Sizer(equations, known).run();
}
