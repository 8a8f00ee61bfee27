import type { Tensor } from '@tensorflow/tfjs-core';
import { sym } from '../../jacobian/formula';
import { MAX_ROW_ENTRIES, PatternTooCostly } from '../../jacobian/pattern';
import type { RuleContext } from '../../jacobian/rules/types';
import { type SupportFn, term } from '../../jacobian/term';
import { convGeometry, groupsOf, type Window } from '../../numeric/conv-params';
import type { F64Kernel } from '../../numeric/f64/types';
import { conv2dNhwc } from '../../numeric/tfjs/custom/conv';
import { gatherFlat } from '../../numeric/tfjs/custom/gather';
import { asFloat } from '../../numeric/tfjs/dtype';
import type { Tf } from '../../numeric/tfjs/tf';
import type { TfKernel } from '../../numeric/tfjs/types';
import { formatDim, formatShape, mulDims } from '../../shapes/dim';
import { assemble, convOutput, paddingOf, pairOf, spatial } from '../../shapes/rules/conv';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';
import { imageStrides, inside, readPos, writePos } from './window';

/**
 * conv2d(x, w): NHWC with HWIO filters (tf.nn.conv2d) or NCHW with OIHW filters (F.conv2d);
 * `dilations` spreads the taps, `groups` splits the channels (each filter reads c/groups).
 */
const conv2dShape: ShapeRule = ([x, w], attrs, ctx) => {
  const layout = attrs.layout === 'NCHW' ? 'NCHW' : 'NHWC';
  if (x.shape.length !== 4) return fail(`conv2d expects a 4-D ${layout} input, got ${formatShape(x.shape)}`, [0]);
  if (w.shape.length !== 4) return fail(`conv2d expects 4-D filters, got ${formatShape(w.shape)}`, [1]);
  const { n, c, h, w: width } = spatial(x.shape, layout);
  const [kh, kw, cin, cout] = layout === 'NCHW' ? [w.shape[2], w.shape[3], w.shape[1], w.shape[0]] : w.shape;
  const [sh, sw] = pairOf(attrs.strides, 1);
  const [dh, dw] = pairOf(attrs.dilations, 1);
  const groups = groupsOf(attrs.groups);
  const pad = paddingOf(attrs.padding);
  const grouped = groups > 1 ? ` in each of ${groups} groups (${formatDim(mulDims(cin, groups))} in all)` : '';
  if (!ctx.bindings.same(c, mulDims(cin, groups))) return fail(`the input has ${formatDim(c)} channels but the filters expect ${formatDim(cin)}${grouped}`, [0, 1]);
  if (typeof cout === 'number' && cout % groups !== 0) return fail(`the ${cout} filters do not split into ${groups} groups`, [1]);
  if (typeof kh !== 'number' || typeof kw !== 'number') return { shape: assemble(layout, n, cout, '?', '?'), dtype: 'float' };
  const oh = convOutput(h, kh, sh, pad, dh);
  const ow = convOutput(width, kw, sw, pad, dw);
  const dilated = dh * dw > 1 ? ` with dilation ${dh}×${dw}` : '';
  if (oh === null || ow === null) return fail(`the ${kh}×${kw} kernel${dilated} is larger than the ${formatDim(h)}×${formatDim(width)} input (padding ${String(pad)})`, [0, 1]);
  return { shape: assemble(layout, n, cout, oh, ow), dtype: 'float' };
};

/**
 * conv2d as TensorFlow and PyTorch compute it (a cross-correlation), NHWC/HWIO or NCHW/OIHW:
 * output channel co of group g = co ÷ (cout/groups) sums over the cin input channels of group g,
 * at taps dilation apart.
 */
const f64Conv2d: F64Kernel = ([x, f], ctx) => {
  const { layout, n, c, h, w, cin, cout, groups, win } = convGeometry(x.shape, f.shape, ctx.node.attrs);
  const { kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow } = win;
  const [xn, xc, xh, xw] = imageStrides(layout, c, h, w);
  const [on, oc, oy, ox] = imageStrides(layout, cout, oh, ow);
  // Filter strides of (co, ci, ky, kx).
  const [fo, fi, fy, fx] = layout === 'NCHW' ? [cin * kh * kw, kh * kw, kw, 1] : [1, cout, kw * cin * cout, cin * cout];
  const perGroup = cout / groups;
  const out = new Float64Array(n * cout * oh * ow);
  for (let b = 0; b < n; b++) {
    for (let co = 0; co < cout; co++) {
      const firstIn = Math.floor(co / perGroup) * cin;
      for (let y = 0; y < oh; y++) {
        for (let xo = 0; xo < ow; xo++) {
          let s = 0;
          for (let ky = 0; ky < kh; ky++) {
            const iy = y * sh - padTop + ky * dh;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = xo * sw - padLeft + kx * dw;
              if (ix < 0 || ix >= w) continue;
              const xb = b * xn + iy * xh + ix * xw + firstIn * xc;
              const fb = co * fo + ky * fy + kx * fx;
              for (let ci = 0; ci < cin; ci++) s += x.data[xb + ci * xc] * f.data[fb + ci * fi];
            }
          }
          out[b * on + co * oc + y * oy + xo * ox] = s;
        }
      }
    }
  }
  return { shape: layout === 'NCHW' ? [n, cout, oh, ow] : [n, oh, ow, cout], data: out };
};

const TO_NHWC = [0, 2, 3, 1];
const TO_NCHW = [0, 3, 1, 2];
const OIHW_TO_HWIO = [2, 3, 1, 0];

/**
 * An NHWC/HWIO convolution with groups and dilation. A dilated filter is the filter with
 * d − 1 zeros between its taps (a gather, so its gradient is the taps'): tfjs's own
 * dilations cannot be combined with a stride. Groups are convolved one by one, on slices
 * of the input channels and of the filters, and their outputs joined.
 */
function groupedConv(tf: Tf, x: Tensor, f: Tensor, groups: number, win: Window): Tensor {
  const [kh, kw, cin, cout] = f.shape;
  const spread = win.dh * win.dw > 1 ? dilatedFilter(tf, f, win.dh, win.dw) : f;
  const dense: Window = { ...win, kh: win.dh * (kh - 1) + 1, kw: win.dw * (kw - 1) + 1, dh: 1, dw: 1 };
  if (groups === 1) return conv2dNhwc(tf, x, spread, dense);
  const per = cout / groups;
  const parts = Array.from({ length: groups }, (_, g) =>
    conv2dNhwc(tf, tf.slice(x, [0, 0, 0, g * cin], [-1, -1, -1, cin]), tf.slice(spread, [0, 0, 0, g * per], [-1, -1, -1, per]), dense),
  );
  return tf.concat(parts, 3);
}

/** HWIO filters with dh − 1 zero rows and dw − 1 zero columns between their taps. */
function dilatedFilter(tf: Tf, f: Tensor, dh: number, dw: number): Tensor {
  const [kh, kw, cin, cout] = f.shape;
  const [eh, ew] = [dh * (kh - 1) + 1, dw * (kw - 1) + 1];
  const taps = kh * kw * cin * cout;
  const src = new Int32Array(eh * ew * cin * cout).fill(taps);
  for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) for (let k = 0; k < cin * cout; k++) src[((ky * dh) * ew + kx * dw) * cin * cout + k] = (ky * kw + kx) * cin * cout + k;
  return gatherFlat(tf, tf.concat([tf.reshape(f, [-1]), tf.zeros([1])]), src, [eh, ew, cin, cout]);
}

const tfConv2d: TfKernel = ([x0, f0], ctx) => {
  const { tf } = ctx;
  const { layout, groups, win } = convGeometry(x0.shape, f0.shape, ctx.node.attrs);
  const x = asFloat(tf, x0);
  const f = asFloat(tf, f0);
  if (layout === 'NHWC') return groupedConv(tf, x, f, groups, win);
  return tf.transpose(groupedConv(tf, tf.transpose(x, TO_NHWC), tf.transpose(f, OIHW_TO_HWIO), groups, win), TO_NCHW) as Tensor;
};

/** The input pixels (k = 0) or filter taps (k = 1) an output pixel reads: the window under it, every input channel of its group. */
function convSupport(ctx: RuleContext, k: number): SupportFn {
  return (o, size) => {
    const xs = ctx.shapes[0].map(size);
    const ws = ctx.shapes[1].map(size);
    const g = convGeometry(xs, ws, ctx.node.attrs);
    const out = readPos(g.layout, o);
    const taps: number[][] = [];
    const [ky0, ky1, kx0, kx1] = inside(g, out);
    if ((ky1 - ky0) * (kx1 - kx0) * g.cin > MAX_ROW_ENTRIES) throw new PatternTooCostly('a convolution window too large to list');
    // The output channel's group: the input channels it reads.
    const firstIn = Math.floor(out.c / (g.cout / g.groups)) * g.cin;
    for (let ky = ky0; ky < ky1; ky++) {
      for (let kx = kx0; kx < kx1; kx++) {
        const y = out.y * g.win.sh + ky * g.win.dh - g.win.padTop;
        const x = out.x * g.win.sw + kx * g.win.dw - g.win.padLeft;
        if (y < 0 || y >= g.h || x < 0 || x >= g.w) continue;
        for (let ci = 0; ci < g.cin; ci++) {
          if (k === 0) taps.push(writePos(g.layout, { n: out.n, c: firstIn + ci, y, x }));
          else taps.push(g.layout === 'NCHW' ? [out.c, ci, ky, kx] : [ky, kx, ci, out.c]);
        }
      }
    }
    return taps;
  };
}

/**
 * A 2-D convolution (a cross-correlation, as the libraries compute it) of an image batch
 * with a filter bank. Its Jacobians are block-Toeplitz, given by enumeration at concrete sizes.
 */
export const conv2d: OpModule<'conv2d'> = opModule('conv2d', {
  doc: 'conv2d(x, w, strides=TupleExpr|num, padding=str|num, dilations=TupleExpr|num, groups=num, layout=str) — tf.nn.conv2d (NHWC, w HWIO) / F.conv2d (NCHW, w OIHW)',
  signature: { params: ['x', 'w', 'strides', 'padding'], tensors: 2, shape: conv2dShape, defaults: { strides: 1, padding: 'VALID', layout: 'NHWC' } },
  f64: f64Conv2d,
  tfjs: tfConv2d,
  jacobian: {
    wrt: (ctx, k) => [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[k]], outShape: [...ctx.node.shape], inShape: [...ctx.shapes[k]], support: convSupport(ctx, k), label: { text: `conv#${ctx.node.id}.${k}`, latex: 'T' } }])],
    explicit: (_ctx, k) => ({ structure: 'sparse', formula: k === 0 ? sym('T_W (block-Toeplitz in the filters)', 'T_W') : sym('T_X (block-Toeplitz in the input)', 'T_X') }),
  },
  symbolic: { unsupported: 'a convolution of 4-dimensional image batches has no matrix form in this notation' },
  kinks: null,
  // tf.nn.conv2d lists its strides as [1, sh, sw, 1]: the Python front end rewrites that spelling itself.
  spellings: { python: [{ names: ['torch.nn.functional.conv2d'], params: 'x, w, -bias, stride=strides, padding=, dilation=dilations, groups=', attrs: { layout: 'NCHW' } }] },
});
