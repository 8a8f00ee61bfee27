import type { Occurrence } from '../core/index';

/** The shortest occurrence containing the offset (a name inside a longer expression wins). */
export function innermost(occurrences: readonly Occurrence[], offset: number): Occurrence | undefined {
  let best: Occurrence | undefined;
  for (const o of occurrences) {
    if (o.span.start <= offset && offset < o.span.end && (!best || o.span.end - o.span.start < best.span.end - best.span.start)) {
      best = o;
    }
  }
  return best;
}
