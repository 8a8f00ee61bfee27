import { sym } from '../../jacobian/formula';
import { MAX_ROW_ENTRIES, PatternTooCostly } from '../../jacobian/pattern';
import type { RuleContext } from '../../jacobian/rules/types';
import { type SupportFn, term } from '../../jacobian/term';
import { poolGeometry } from '../../numeric/conv-params';
import { hashBits } from '../../numeric/f64/kink-bits';
import type { F64Tensor } from '../../numeric/tensor';
import { gatherFlat } from '../../numeric/tfjs/custom/gather';
import { asFloat } from '../../numeric/tfjs/dtype';
import { formatDim, formatShape } from '../../shapes/dim';
import { assemble, convOutput, paddingOf, pairOf, spatial } from '../../shapes/rules/conv';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';
import { imageStrides, inside, readPos, writePos } from './window';

/** max_pool2d: kernel_size, stride (defaults to the kernel), padding; NCHW or NHWC. */
const maxPool2dShape: ShapeRule = ([x], attrs) => {
  const layout = attrs.layout === 'NCHW' ? 'NCHW' : 'NHWC';
  if (x.shape.length !== 4) return fail(`max_pool2d expects a 4-D ${layout} input, got ${formatShape(x.shape)}`, [0]);
  const [kh, kw] = pairOf(attrs.kernel_size, 2);
  const [sh, sw] = pairOf(attrs.stride ?? attrs.kernel_size, kh);
  const pad = paddingOf(attrs.padding);
  const { n, c, h, w } = spatial(x.shape, layout);
  const oh = convOutput(h, kh, sh, pad);
  const ow = convOutput(w, kw, sw, pad);
  if (oh === null || ow === null) return fail(`the ${kh}×${kw} window is larger than the ${formatDim(h)}×${formatDim(w)} input`, [0]);
  return { shape: assemble(layout, n, c, oh, ow), dtype: 'float' };
};

/**
 * For each output of max_pool2d, the flat input offset of its maximum (the first one on
 * ties); padding never wins. Shared by the kernels and the kink signature.
 */
function poolArgmax(x: F64Tensor, attrs: Record<string, unknown>): { shape: number[]; arg: Int32Array } {
  const { layout, n, c, h, w, win } = poolGeometry(x.shape, attrs);
  const { kh, kw, sh, sw, padTop, padLeft, oh, ow } = win;
  const [xn, xc, xh, xw] = imageStrides(layout, c, h, w);
  const [on, oc, oy, ox] = imageStrides(layout, c, oh, ow);
  const arg = new Int32Array(n * c * oh * ow);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < oh; y++) {
        for (let xo = 0; xo < ow; xo++) {
          let best = -1;
          let bv = -Infinity;
          for (let ky = 0; ky < kh; ky++) {
            const iy = y * sh - padTop + ky;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = xo * sw - padLeft + kx;
              if (ix < 0 || ix >= w) continue;
              const off = b * xn + ch * xc + iy * xh + ix * xw;
              const v = x.data[off];
              if (best < 0 || v > bv || (v !== v && bv === bv)) {
                best = off;
                bv = v;
              }
            }
          }
          arg[b * on + ch * oc + y * oy + xo * ox] = best;
        }
      }
    }
  }
  return { shape: layout === 'NCHW' ? [n, c, oh, ow] : [n, oh, ow, c], arg };
}

/** The input pixels an output reads: structurally any element of its window, in its own channel. */
function poolSupport(ctx: RuleContext): SupportFn {
  return (o, size) => {
    const g = poolGeometry(ctx.shapes[0].map(size), ctx.node.attrs);
    const out = readPos(g.layout, o);
    const taps: number[][] = [];
    const [ky0, ky1, kx0, kx1] = inside(g, out);
    if ((ky1 - ky0) * (kx1 - kx0) > MAX_ROW_ENTRIES) throw new PatternTooCostly('a pooling window too large to list');
    for (let ky = ky0; ky < ky1; ky++) {
      for (let kx = kx0; kx < kx1; kx++) {
        const y = out.y * g.win.sh + ky - g.win.padTop;
        const x = out.x * g.win.sw + kx - g.win.padLeft;
        if (y >= 0 && y < g.h && x >= 0 && x < g.w) taps.push(writePos(g.layout, { n: out.n, c: out.c, y, x }));
      }
    }
    return taps;
  };
}

/**
 * The maximum of each window, channel by channel. The derivative routes to the window's
 * arg-max, so the kink signature is which element won each window.
 */
export const max_pool2d: OpModule<'max_pool2d'> = opModule('max_pool2d', {
  doc: 'max_pool2d(x, kernel_size, stride=, padding=, layout=str) — nn.MaxPool2d, F.max_pool2d (NCHW); tf.nn.max_pool (NHWC, ksize/strides lists)',
  signature: { params: ['x', 'kernel_size', 'stride', 'padding'], tensors: 1, shape: maxPool2dShape, defaults: { kernel_size: 2, stride: null, padding: 0, layout: 'NCHW' } },
  f64: ([x], ctx) => {
    const { shape, arg } = poolArgmax(x, ctx.node.attrs);
    const data = new Float64Array(arg.length);
    for (let i = 0; i < arg.length; i++) data[i] = arg[i] < 0 ? -Infinity : x.data[arg[i]];
    return { shape, data };
  },
  /**
   * A gather of each window's maximum. The winners are found in JavaScript, exactly as the
   * float64 kernel finds them, and the gradient flows through the gather: the wasm backend's
   * MaxPoolGrad gives wrong gradients for batches with several channels.
   */
  tfjs: ([x0], ctx) => {
    const { tf } = ctx;
    const x = asFloat(tf, x0);
    const { shape, arg } = poolArgmax({ shape: x.shape, data: Float64Array.from(x.dataSync()) }, ctx.node.attrs);
    return gatherFlat(tf, x, arg, shape);
  },
  jacobian: {
    wrt: (ctx) => [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[0]], outShape: [...ctx.node.shape], inShape: [...ctx.shapes[0]], support: poolSupport(ctx), label: { text: `pool#${ctx.node.id}`, latex: 'S' } }])],
    explicit: () => ({ structure: 'sparse', formula: sym('S_max (one arg-max per window)', 'S_{\\max}') }),
  },
  symbolic: { unsupported: 'pooling over 4-dimensional image batches has no matrix form in this notation' },
  kinks: ([x], _out, ctx) => {
    const { arg } = poolArgmax(x, ctx.node.attrs);
    return hashBits(arg.length, (i) => arg[i]);
  },
  // tf.nn.max_pool lists its window and strides as [1, kh, kw, 1]: the Python front end rewrites that spelling itself.
  spellings: { python: [{ names: ['torch.nn.functional.max_pool2d'], params: 'x, kernel_size, stride=, padding=', attrs: { layout: 'NCHW' } }] },
});
