import type { Layout, Window } from '../../numeric/conv-params';

/**
 * What conv2d and max_pool2d share about the windows they slide over an image batch in
 * either layout: the strides of its elements, and which window taps land on real pixels.
 */

/** Strides of (n, c, h, w) in an image batch stored in either layout. */
export function imageStrides(layout: Layout, c: number, h: number, w: number): [number, number, number, number] {
  return layout === 'NCHW' ? [c * h * w, h * w, w, 1] : [h * w * c, 1, w * c, c];
}

/** One element of an image batch, by batch, channel, row and column. */
export type Pos = { n: number; c: number; y: number; x: number };

export const readPos = (layout: Layout, m: readonly number[]): Pos => (layout === 'NCHW' ? { n: m[0], c: m[1], y: m[2], x: m[3] } : { n: m[0], c: m[3], y: m[1], x: m[2] });
export const writePos = (layout: Layout, p: Pos): number[] => (layout === 'NCHW' ? [p.n, p.c, p.y, p.x] : [p.n, p.y, p.x, p.c]);

/**
 * The window taps [ky0, ky1) × [kx0, kx1) that land on input pixels (tap k at offset k·d): a
 * window far larger than the image (a fuzzed 99999999999) is not walked tap by tap.
 */
export function inside(g: { h: number; w: number; win: Window }, out: Pos): [number, number, number, number] {
  const y0 = out.y * g.win.sh - g.win.padTop;
  const x0 = out.x * g.win.sw - g.win.padLeft;
  const taps = (start: number, k: number, d: number, n: number): [number, number] => [Math.max(0, Math.ceil(-start / d)), Math.max(0, Math.min(k, Math.floor((n - 1 - start) / d) + 1))];
  return [...taps(y0, g.win.kh, g.win.dh, g.h), ...taps(x0, g.win.kw, g.win.dw, g.w)];
}
