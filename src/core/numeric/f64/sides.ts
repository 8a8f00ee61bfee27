import type { F64Tensor } from '../tensor';

/**
 * Which side of each kink point every element of `x` is on (on a point is a side of its
 * own), hashed to one number: a difference whose runs change it crossed a kink.
 */
export function sidesHash(x: F64Tensor, points: readonly number[]): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < x.data.length; i++) {
    const v = x.data[i];
    let side = 0;
    for (const p of points) side = side * 3 + (v > p ? 1 : v < p ? 2 : 0);
    h = Math.imul(h ^ side, 16777619) >>> 0;
  }
  return h;
}
