import type { Span } from '../ir/span';
import { compareDims, type Dim, evalDim } from './dim';

/**
 * What the analysis learned about symbols: N = 64 from `--dims`, or because an (N, 10)
 * tensor met a (64, 10) one. A symbol bound twice to different sizes is a conflict the
 * caller reports; unrelated symbols are never assumed to differ (N could equal M).
 */
export class Bindings {
  private readonly values = new Map<string, { value: number; span?: Span; source: string }>();
  /** The values as a record for evalDim, rebuilt only after a new binding: shape rules call same() per axis. */
  private record: Record<string, number> | undefined;

  constructor(initial: Readonly<Record<string, number>> = {}) {
    for (const [name, value] of Object.entries(initial)) this.values.set(name, { value, source: 'the dims setting' });
  }

  get(symbol: string): number | undefined {
    return this.values.get(symbol)?.value;
  }

  sourceOf(symbol: string): { value: number; span?: Span; source: string } | undefined {
    return this.values.get(symbol);
  }

  bind(symbol: string, value: number, source: string, span?: Span): void {
    if (this.values.has(symbol)) return;
    this.values.set(symbol, { value, span, source });
    this.record = undefined;
  }

  /** Substitutes what is known. */
  resolve(d: Dim): Dim {
    if (typeof d === 'number') return d;
    this.record ??= this.asRecord();
    return evalDim(d, this.record);
  }

  /**
   * True when two dims can be the same size. A size expression meeting a known size binds
   * its one symbol to the value that makes them equal (first come wins: `2*C` meeting 64
   * makes C 32), so a later disagreement shows up as a difference. Two expressions that
   * agree only for some values of their symbols agree under a condition, which is noted
   * for the caller to report (`conditions`); undecidable ones (N against M) are kept.
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
        return true;
    }
  }

  /** Conditions the sizes met so far hold only under, not yet reported; takeConditions empties the list. */
  private pending: string[] = [];

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

  asRecord(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of this.values) out[k] = v.value;
    return out;
  }
}

function hasUnknown(d: Dim): boolean {
  return typeof d === 'string' && d.includes('?');
}
