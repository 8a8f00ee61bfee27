import type { Span } from '../ir/span';
import { compareDims, type Dim, evalDim, isSymbolic, substituteDim } from './dim';

/**
 * What the analysis learned about symbols: N = 64 from `--dims`, or because an (N, 10)
 * tensor met a (64, 10) one, and N = D from a note that says so. A symbol bound twice to
 * different sizes is a conflict the caller reports. Two different symbols stand for
 * different sizes unless something made them equal (a value for both, or `equate`): an
 * (N, D) matrix does not multiply a (D, 1) vector from the left when nothing says N = D.
 * The unknown size `?` agrees with anything.
 */
export class Bindings {
  /** Values by the representative of each symbol's class (see equate). */
  private readonly values = new Map<string, { value: number; span?: Span; source: string }>();
  /** Symbol → a symbol it was equated with, towards its class's representative. */
  private readonly equal = new Map<string, string>();
  /** The values as a record for evalDim, rebuilt only after a new binding: shape rules call same() per axis. */
  private record: Record<string, number> | undefined;
  /** Each equated symbol's representative, for substituteDim; rebuilt after a new equation. */
  private representatives: Record<string, Dim> | undefined;

  constructor(initial: Readonly<Record<string, number>> = {}) {
    for (const [name, value] of Object.entries(initial)) this.values.set(name, { value, source: 'the dims setting' });
  }

  get(symbol: string): number | undefined {
    return this.values.get(this.find(symbol))?.value;
  }

  sourceOf(symbol: string): { value: number; span?: Span; source: string } | undefined {
    return this.values.get(this.find(symbol));
  }

  bind(symbol: string, value: number, source: string, span?: Span): void {
    const root = this.find(symbol);
    if (this.values.has(root)) return;
    this.values.set(root, { value, span, source });
    this.record = undefined;
  }

  /**
   * Makes two symbols one size (a note's `N = D`). False, changing nothing, when both already
   * have different values.
   */
  equate(a: string, b: string): boolean {
    let x = this.find(a);
    let y = this.find(b);
    if (x === y) return true;
    const vx = this.values.get(x);
    const vy = this.values.get(y);
    if (vx && vy) return vx.value === vy.value;
    // The class keeps the value one of them has.
    if (vy && !vx) [x, y] = [y, x];
    this.equal.set(y, x);
    this.representatives = undefined;
    return true;
  }

  /** Whether a note or a setting made these two symbols one size. */
  equated(a: string, b: string): boolean {
    return this.find(a) === this.find(b);
  }

  private find(symbol: string): string {
    let s = symbol;
    for (let next = this.equal.get(s); next !== undefined; next = this.equal.get(s)) s = next;
    return s;
  }

  /** Substitutes what is known: values, and each equated symbol by its class's representative. */
  resolve(d: Dim): Dim {
    if (typeof d === 'number') return d;
    if (this.equal.size > 0) {
      this.representatives ??= Object.fromEntries([...this.equal.keys()].map((s) => [s, this.find(s)]));
      d = substituteDim(d, this.representatives);
      if (typeof d === 'number') return d;
    }
    this.record ??= this.asRecord();
    return evalDim(d, this.record);
  }

  /**
   * True when two dims can be the same size. A size expression meeting a known size binds
   * its one symbol to the value that makes them equal (first come wins: `2*C` meeting 64
   * makes C 32), so a later disagreement shows up as a difference. Two expressions that
   * agree only for some values of their symbols agree under a condition, which is noted
   * for the caller to report (`conditions`). Sizes in different symbols (N against D, N·T
   * against B) differ; the pair is noted (`takeDistinct`) so that a message can say how to
   * make them one. A product of symbols meeting a number (C·H·W against 400) is kept.
   */
  same(a: Dim, b: Dim, source = 'a shape rule', span?: Span): boolean {
    const x = this.resolve(a);
    const y = this.resolve(b);
    if (x === y) return true;
    if (typeof x === 'number' && typeof y === 'number') return false;
    // The unknown size stands for different sizes at each use: it agrees with anything.
    if (hasUnknown(x) || hasUnknown(y)) return true;
    const c = compareDims(x, y);
    switch (c.kind) {
      case 'differ':
        return false;
      case 'solved':
        if (typeof x !== 'number' && typeof y !== 'number') this.assume(`${c.symbol} = ${c.value}`);
        this.bind(c.symbol, c.value, source, span);
        return true;
      case 'conditional':
        this.assume(c.condition);
        return true;
      default:
        if (isSymbolic(x) && isSymbolic(y)) {
          this.noteDistinct(a, b);
          return false;
        }
        return true;
    }
  }

  /** Conditions the sizes met so far hold only under, not yet reported; takeConditions empties the list. */
  private pending: string[] = [];
  /** Pairs of sizes in different symbols that were found to differ, not yet taken. */
  private distinct: [Dim, Dim][] = [];

  /** Notes that the shapes fit only if `condition` holds (worded for a message: `C = 4·k`). */
  assume(condition: string): void {
    if (!this.pending.includes(condition)) this.pending.push(condition);
  }

  takeConditions(): string[] {
    if (this.pending.length === 0) return this.pending;
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private noteDistinct(a: Dim, b: Dim): void {
    if (!this.distinct.some(([x, y]) => (x === a && y === b) || (x === b && y === a))) this.distinct.push([a, b]);
  }

  /** The pairs of sizes in different symbols found to differ since the last call (a rule may try several). */
  takeDistinct(): [Dim, Dim][] {
    if (this.distinct.length === 0) return this.distinct;
    const out = this.distinct;
    this.distinct = [];
    return out;
  }

  asRecord(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of this.values) out[k] = v.value;
    for (const s of this.equal.keys()) {
      const v = this.values.get(this.find(s));
      if (v) out[s] = v.value;
    }
    return out;
  }
}

function hasUnknown(d: Dim): boolean {
  return typeof d === 'string' && d.includes('?');
}

