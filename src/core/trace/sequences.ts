import type { CallExpr, Expr } from '../ir/program';
import type { Span } from '../ir/span';
import type { Dim } from '../shapes/dim';
import { UNKNOWN, type Value } from './values';

/** The Python iterables a loop or a comprehension walks: `range`, `reversed`, `enumerate`, `zip`, a list. */
export const SEQUENCE_OPS: ReadonlySet<string> = new Set(['reversed', 'enumerate', 'zip']);

/**
 * What iterating over an expression binds: its items when they can be listed (up to `cap`
 * of them), how many there are when only that is known, and a stand-in item for a body
 * traced once (`i` of an unknown range is a number of unknown value).
 */
export interface Sequence {
  items: Value[] | null;
  count: Dim | null;
  once: Value;
}

const numberAt = (value: Dim, span: Span): Value => ({ kind: 'number', value, span });
const knownNumber = (v: Value | undefined): number | null => (v?.kind === 'number' && typeof v.value === 'number' ? v.value : null);

/**
 * The sequence an iterable expression stands for. `evaluate` reads any other expression;
 * `cap` bounds how many items are listed, so `range(10**9)` is a count, not an array.
 */
export function sequenceOf(iter: Expr, evaluate: (e: Expr) => Value, itemSpan: Span, cap: number): Sequence {
  if (iter.kind !== 'call') return listed(evaluate(iter));
  const call = iter as CallExpr;
  switch (call.op) {
    case 'arange':
      return rangeOf(call, evaluate, itemSpan, cap);
    case 'reversed': {
      const inner = call.args[0] ? sequenceOf(call.args[0], evaluate, itemSpan, cap) : { items: [], count: 0, once: UNKNOWN };
      return { ...inner, items: inner.items ? [...inner.items].reverse() : null };
    }
    case 'enumerate': {
      const inner = call.args[0] ? sequenceOf(call.args[0], evaluate, itemSpan, cap) : { items: [], count: 0, once: UNKNOWN };
      const startArg = call.args[1] ?? call.kwargs.start;
      const start = startArg ? knownNumber(evaluate(startArg)) : 0;
      const pair = (i: Dim, v: Value): Value => ({ kind: 'tuple', items: [numberAt(i, itemSpan), v] });
      return {
        items: inner.items && start !== null ? inner.items.map((v, i) => pair(start + i, v)) : null,
        count: inner.count,
        once: pair('?', inner.once),
      };
    }
    case 'zip': {
      const parts = (call.args[0]?.kind === 'tuple' ? call.args[0].items : call.args).map((a) => sequenceOf(a, evaluate, itemSpan, cap));
      const counts = parts.map((p) => p.count);
      const known = counts.every((c): c is number => typeof c === 'number');
      const count = parts.length === 0 ? 0 : known ? Math.min(...(counts as number[])) : null;
      const lists = parts.map((p) => p.items);
      const items =
        count !== null && lists.every((l): l is Value[] => l !== null)
          ? Array.from({ length: count }, (_, i): Value => ({ kind: 'tuple', items: lists.map((l) => l[i]) }))
          : null;
      return { items, count, once: { kind: 'tuple', items: parts.map((p) => p.once) } };
    }
    default:
      return listed(evaluate(iter));
  }
}

/** A list or tuple value: its items; anything else (an array, an unknown) is not listed. */
function listed(value: Value): Sequence {
  if (value.kind !== 'tuple') return { items: null, count: null, once: UNKNOWN };
  return { items: value.items, count: value.items.length, once: value.items[0] ?? UNKNOWN };
}

/** `range(n)`, `range(a, b)`, `range(a, b, s)`: a count when the bounds are known, the numbers when it is short. */
function rangeOf(call: CallExpr, evaluate: (e: Expr) => Value, itemSpan: Span, cap: number): Sequence {
  const args = call.args.map(evaluate);
  const once = numberAt('?', itemSpan);
  if (args.length === 1) {
    const n = args[0].kind === 'number' ? args[0].value : null;
    if (typeof n !== 'number') return { items: null, count: n, once };
    return numbered(0, Math.max(0, n), 1, itemSpan, cap, once);
  }
  const [start, stop] = args.map(knownNumber);
  const stepArg = call.args[2] ?? call.kwargs.step;
  const by = stepArg ? knownNumber(evaluate(stepArg)) : 1;
  if (start === null || stop === null || by === null || by === 0) return { items: null, count: null, once };
  const n = Math.max(0, Math.ceil((stop - start) / by));
  return numbered(start, n, by, itemSpan, cap, once);
}

function numbered(start: number, n: number, step: number, itemSpan: Span, cap: number, once: Value): Sequence {
  if (n > cap) return { items: null, count: n, once };
  return { items: Array.from({ length: n }, (_, i) => numberAt(start + i * step, itemSpan)), count: n, once };
}
