import { convGeometry, poolGeometry } from '../../numeric/conv-params';
import { sym } from '../formula';
import { MAX_ROW_ENTRIES, PatternTooCostly } from '../pattern';
import { type SupportFn, term } from '../term';
import type { JacobianRule, RuleContext } from './types';

/**
 * Convolution and pooling: an output pixel reads the input window under it (all input
 * channels for conv2d, its own channel for pooling) and, for conv2d, the filter taps
 * that meet real (unpadded) pixels. Given by enumeration at concrete sizes.
 */

type Pos = { n: number; c: number; y: number; x: number };

const read = (layout: 'NHWC' | 'NCHW', m: readonly number[]): Pos => (layout === 'NCHW' ? { n: m[0], c: m[1], y: m[2], x: m[3] } : { n: m[0], c: m[3], y: m[1], x: m[2] });
const write = (layout: 'NHWC' | 'NCHW', p: Pos): number[] => (layout === 'NCHW' ? [p.n, p.c, p.y, p.x] : [p.n, p.y, p.x, p.c]);

/**
 * The window offsets [ky0, ky1) × [kx0, kx1) that land on input pixels: a window far larger
 * than the image (a fuzzed 99999999999) is not walked tap by tap.
 */
function inside(g: { h: number; w: number; win: { kh: number; kw: number; sh: number; sw: number; padTop: number; padLeft: number } }, out: Pos): [number, number, number, number] {
  const y0 = out.y * g.win.sh - g.win.padTop;
  const x0 = out.x * g.win.sw - g.win.padLeft;
  return [Math.max(0, -y0), Math.max(0, Math.min(g.win.kh, g.h - y0)), Math.max(0, -x0), Math.max(0, Math.min(g.win.kw, g.w - x0))];
}

function convSupport(ctx: RuleContext, k: number): SupportFn {
  return (o, size) => {
    const xs = ctx.shapes[0].map(size);
    const ws = ctx.shapes[1].map(size);
    const g = convGeometry(xs, ws, ctx.node.attrs);
    const out = read(g.layout, o);
    const taps: number[][] = [];
    const [ky0, ky1, kx0, kx1] = inside(g, out);
    if ((ky1 - ky0) * (kx1 - kx0) * g.c > MAX_ROW_ENTRIES) throw new PatternTooCostly('a convolution window too large to list');
    for (let ky = ky0; ky < ky1; ky++) {
      for (let kx = kx0; kx < kx1; kx++) {
        const y = out.y * g.win.sh + ky - g.win.padTop;
        const x = out.x * g.win.sw + kx - g.win.padLeft;
        if (y < 0 || y >= g.h || x < 0 || x >= g.w) continue;
        for (let ci = 0; ci < g.c; ci++) {
          if (k === 0) taps.push(write(g.layout, { n: out.n, c: ci, y, x }));
          else taps.push(g.layout === 'NCHW' ? [out.c, ci, ky, kx] : [ky, kx, ci, out.c]);
        }
      }
    }
    return taps;
  };
}

function poolSupport(ctx: RuleContext): SupportFn {
  return (o, size) => {
    const g = poolGeometry(ctx.shapes[0].map(size), ctx.node.attrs);
    const out = read(g.layout, o);
    const taps: number[][] = [];
    const [ky0, ky1, kx0, kx1] = inside(g, out);
    if ((ky1 - ky0) * (kx1 - kx0) > MAX_ROW_ENTRIES) throw new PatternTooCostly('a pooling window too large to list');
    for (let ky = ky0; ky < ky1; ky++) {
      for (let kx = kx0; kx < kx1; kx++) {
        const y = out.y * g.win.sh + ky - g.win.padTop;
        const x = out.x * g.win.sw + kx - g.win.padLeft;
        if (y >= 0 && y < g.h && x >= 0 && x < g.w) taps.push(write(g.layout, { n: out.n, c: out.c, y, x }));
      }
    }
    return taps;
  };
}

export const CONV_RULES: Record<string, JacobianRule> = {
  conv2d: {
    wrt: (ctx, k) => [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[k]], outShape: [...ctx.node.shape], inShape: [...ctx.shapes[k]], support: convSupport(ctx, k), label: { text: `conv#${ctx.node.id}.${k}`, latex: 'T' } }])],
    explicit: (_ctx, k) => ({ structure: 'sparse', formula: k === 0 ? sym('T_W (block-Toeplitz in the filters)', 'T_W') : sym('T_X (block-Toeplitz in the input)', 'T_X') }),
  },
  // The derivative routes to the window's max: structurally any element of the window.
  max_pool2d: {
    wrt: (ctx) => [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[0]], outShape: [...ctx.node.shape], inShape: [...ctx.shapes[0]], support: poolSupport(ctx), label: { text: `pool#${ctx.node.id}`, latex: 'S' } }])],
    explicit: () => ({ structure: 'sparse', formula: sym('S_max (one arg-max per window)', 'S_{\\max}') }),
  },
};
