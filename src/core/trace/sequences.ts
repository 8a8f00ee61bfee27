import type { CallExpr, Expr, IndexItem } from '../ir/program';
import type { Span } from '../ir/span';
import type { Dim } from '../shapes/dim';
import { type TupleValue, UNKNOWN, type Value } from './values';

/** The Python iterables a loop or a comprehension walks: `range`, `reversed`, `enumerate`, `zip`, a list. */
export const SEQUENCE_OPS: ReadonlySet<string> = new Set(['reversed', 'enumerate', 'zip', 'list']);

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
    case 'list':
      return call.args[0] ? sequenceOf(call.args[0], evaluate, itemSpan, cap) : { items: [], count: 0, once: UNKNOWN };
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

/** `sizes[:-1]`, `xs[1:]`, `xs[::-1]` of a Python list, as Python slices it; unknown bounds make it unknown. */
export function sliceOfList(list: TupleValue, slice: Extract<IndexItem, { kind: 'slice' }>, evaluate: (e: Expr) => Value): Value {
  // A bound left out or None is the list's end; one that is not a known number makes the slice unknown.
  const bound = (e: Expr | undefined): number | null | undefined => {
    const v = e ? evaluate(e) : undefined;
    return v === undefined || (v.kind === 'const' && v.value === null) ? undefined : knownNumber(v);
  };
  const [start, stop, step] = [bound(slice.start), bound(slice.stop), bound(slice.step)];
  if (start === null || stop === null || step === null || step === 0) return UNKNOWN;
  const n = list.items.length;
  const by = step ?? 1;
  const clamp = (i: number, low: number, high: number) => Math.min(Math.max(i < 0 ? i + n : i, low), high);
  const from = start === undefined ? (by > 0 ? 0 : n - 1) : clamp(start, by > 0 ? 0 : -1, by > 0 ? n : n - 1);
  const to = stop === undefined ? (by > 0 ? n : -1) : clamp(stop, by > 0 ? 0 : -1, by > 0 ? n : n - 1);
  const items: Value[] = [];
  for (let i = from; by > 0 ? i < to : i > to; i += by) items.push(list.items[i]);
  return { kind: 'tuple', items };
}

/** `[a] + [b, c]` joins Python lists, `[1] * (n - 1)` repeats one; null for anything else (tensors add). */
export function listArithmetic(op: string, operands: Value[]): TupleValue | null {
  const [a, b] = operands;
  if (operands.length !== 2) return null;
  if (op === 'add' && a.kind === 'tuple' && b.kind === 'tuple') return { kind: 'tuple', items: [...a.items, ...b.items] };
  if (op !== 'mul') return null;
  const [list, times] = a.kind === 'tuple' ? [a, b] : [b, a];
  const n = knownNumber(times);
  if (list.kind !== 'tuple' || n === null || !Number.isInteger(n) || n * list.items.length > 1 << 16) return null;
  return { kind: 'tuple', items: Array.from({ length: Math.max(0, n) }, () => list.items).flat() };
}
