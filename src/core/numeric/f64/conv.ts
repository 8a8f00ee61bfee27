import { convGeometry, type Layout, poolGeometry } from '../conv-params';
import type { F64Tensor } from '../tensor';
import type { KernelContext, KernelTable } from './types';

/** Strides of (n, c, h, w) in an image batch stored in either layout. */
function imageStrides(layout: Layout, c: number, h: number, w: number): [number, number, number, number] {
  return layout === 'NCHW' ? [c * h * w, h * w, w, 1] : [h * w * c, 1, w * c, c];
}

/** conv2d as TensorFlow and PyTorch compute it (a cross-correlation), NHWC/HWIO or NCHW/OIHW. */
function conv2d([x, f]: F64Tensor[], ctx: KernelContext): F64Tensor {
  const { layout, n, c, h, w, cout, win } = convGeometry(x.shape, f.shape, ctx.node.attrs);
  const { kh, kw, sh, sw, padTop, padLeft, oh, ow } = win;
  const [xn, xc, xh, xw] = imageStrides(layout, c, h, w);
  const [on, oc, oy, ox] = imageStrides(layout, cout, oh, ow);
  // Filter strides of (co, ci, ky, kx).
  const [fo, fi, fy, fx] = layout === 'NCHW' ? [c * kh * kw, kh * kw, kw, 1] : [1, cout, kw * c * cout, c * cout];
  const out = new Float64Array(n * cout * oh * ow);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        for (let co = 0; co < cout; co++) {
          let s = 0;
          for (let ky = 0; ky < kh; ky++) {
            const iy = y * sh - padTop + ky;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = xo * sw - padLeft + kx;
              if (ix < 0 || ix >= w) continue;
              const xb = b * xn + iy * xh + ix * xw;
              const fb = co * fo + ky * fy + kx * fx;
              for (let ci = 0; ci < c; ci++) s += x.data[xb + ci * xc] * f.data[fb + ci * fi];
            }
          }
          out[b * on + co * oc + y * oy + xo * ox] = s;
        }
      }
    }
  }
  return { shape: layout === 'NCHW' ? [n, cout, oh, ow] : [n, oh, ow, cout], data: out };
}

/**
 * For each output of max_pool2d, the flat input offset of its maximum (the first one on
 * ties); padding never wins. Shared by the kernel and the kink detector.
 */
export function poolArgmax(x: F64Tensor, attrs: Record<string, unknown>): { shape: number[]; arg: Int32Array } {
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

function maxPool2d([x]: F64Tensor[], ctx: KernelContext): F64Tensor {
  const { shape, arg } = poolArgmax(x, ctx.node.attrs);
  const data = new Float64Array(arg.length);
  for (let i = 0; i < arg.length; i++) data[i] = arg[i] < 0 ? -Infinity : x.data[arg[i]];
  return { shape, data };
}

export const CONV: KernelTable = { conv2d, max_pool2d: maxPool2d };
