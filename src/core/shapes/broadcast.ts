import type { Bindings } from './bindings';
import type { Dim, Shape } from './dim';

export type BroadcastResult = { shape: Shape } | { axis: number; a: Dim; b: Dim };

/** NumPy/PyTorch broadcasting: align from the right; 1 stretches; otherwise sizes must agree. */
export function broadcastShapes(a: readonly Dim[], b: readonly Dim[], bindings: Bindings): BroadcastResult {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = new Array(n);
  for (let i = 1; i <= n; i++) {
    const x = i <= a.length ? a[a.length - i] : 1;
    const y = i <= b.length ? b[b.length - i] : 1;
    if (x === 1) out[n - i] = y;
    else if (y === 1) out[n - i] = x;
    else if (bindings.same(x, y)) out[n - i] = typeof x === 'number' ? x : y;
    else return { axis: n - i, a: x, b: y };
  }
  return { shape: out };
}
