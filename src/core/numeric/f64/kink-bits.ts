import type { KinkSignature } from './types';

/** FNV-1a over a stream of small integers: one number standing for which branch every element took. */
export function hashBits(n: number, f: (i: number) => number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ f(i), 16777619) >>> 0;
  return h;
}

/** Piecewise-constant ops (comparisons, argmax): the output itself says which branch was taken. */
export const outputBits: KinkSignature = (_i, out) => hashBits(out.data.length, (i) => out.data[i]);
