import type { Span } from '../ir/span';
import { type Dim, evalDim, isSymbolic } from './dim';

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
   * True when two dims can be the same size. A plain symbol meeting a size is bound to it
   * (first come wins), so a later disagreement shows up as a difference.
   */
  same(a: Dim, b: Dim, source = 'a shape rule', span?: Span): boolean {
    const x = this.resolve(a);
    const y = this.resolve(b);
    if (x === y) return true;
    if (typeof x === 'number' && typeof y === 'number') return false;
    if (isSymbolic(x) && typeof y === 'number' && isPlainSymbol(x)) this.bind(x, y, source, span);
    else if (isSymbolic(y) && typeof x === 'number' && isPlainSymbol(y)) this.bind(y, x, source, span);
    return true;
  }

  asRecord(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of this.values) out[k] = v.value;
    return out;
  }
}

function isPlainSymbol(d: string): boolean {
  return !d.includes('*');
}
