/**
 * Which tensor element a row or column of J = ∂vec(F)/∂vec(X)ᵀ stands for. The Jacobian
 * states its vec order; the hover read-out must use the same one or it lies.
 */
import type { VecOrder } from '../../src/protocol/messages';

/** The multi-index of flat position k in a tensor of `shape` stacked in `order`. */
export function unravel(k: number, shape: readonly number[], order: VecOrder): number[] {
  const index = new Array<number>(shape.length).fill(0);
  let rest = k;
  if (order === 'row-major') {
    for (let d = shape.length - 1; d >= 0; d--) {
      const n = Math.max(1, shape[d]);
      index[d] = rest % n;
      rest = Math.floor(rest / n);
    }
  } else {
    for (let d = 0; d < shape.length; d++) {
      const n = Math.max(1, shape[d]);
      index[d] = rest % n;
      rest = Math.floor(rest / n);
    }
  }
  return index;
}

/** "X[1, 3]" (0-based, as NumPy writes it); a scalar is just its name. */
export function elementLabel(name: string, index: readonly number[]): string {
  return index.length ? `${name}[${index.join(', ')}]` : name;
}
