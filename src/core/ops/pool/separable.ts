import type { Tensor } from '@tensorflow/tfjs-core';
import { sym } from '../../jacobian/formula';
import { MAX_ROW_ENTRIES, PatternTooCostly } from '../../jacobian/pattern';
import type { JacobianRule } from '../../jacobian/rules/types';
import { term } from '../../jacobian/term';
import type { KernelContext } from '../../numeric/f64/types';
import { sizeOf, type F64Tensor } from '../../numeric/tensor';
import { asFloat } from '../../numeric/tfjs/dtype';
import type { TfKernelContext } from '../../numeric/tfjs/types';
import { type Attrs, type AxisBins, heightAxis, layoutOf, withSpatial } from './geometry';

/**
 * Pooling over bins: each output entry reads a rectangle of its own image and channel, a
 * range of rows times a range of columns. Average pooling of every kind is then separable,
 * A_H X A_Wᵀ on each image, where row i of A_H holds 1/dᵢ over the rows that output row i
 * averages. An op of this kind says only where its bins are; the float64 kernel, the
 * TensorFlow.js kernel and the Jacobian follow from them.
 */
export interface Bins {
  hAxis: number;
  rows: AxisBins;
  cols: AxisBins;
}

export type BinsOf = (shape: readonly number[], attrs: Attrs) => Bins;

/** The input as (outer, H, W, inner): batch (and, in NCHW, channel) axes before, NHWC's channels after. */
export function view(shape: readonly number[], attrs: Attrs, op: string) {
  const hAxis = heightAxis(shape.length, layoutOf(attrs), op);
  if (typeof hAxis === 'string') throw new Error(`${hAxis}, got (${shape.join(', ')})`);
  return { outer: sizeOf(shape.slice(0, hAxis)), h: shape[hAxis], w: shape[hAxis + 1], inner: sizeOf(shape.slice(hAxis + 2)) };
}

/** Where an output entry's bin is: offset(y, v) is the flat offset of input row y, column v of its image and channel. */
export interface BinAt {
  rows: AxisBins;
  cols: AxisBins;
  i: number;
  j: number;
  offset: (y: number, v: number) => number;
}

/** Visits every output entry (by flat offset, in the output's layout) with its bin; returns the output's shape. */
export function walkBins(shape: readonly number[], attrs: Attrs, op: string, binsOf: BinsOf, visit: (o: number, at: BinAt) => void): number[] {
  const { outer, h, w, inner } = view(shape, attrs, op);
  const { hAxis, rows, cols } = binsOf(shape, attrs);
  const oh = rows.start.length;
  const ow = cols.start.length;
  let base = 0;
  const at: BinAt = { rows, cols, i: 0, j: 0, offset: (y, v) => base + (y * w + v) * inner };
  for (let b = 0; b < outer; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let c = 0; c < inner; c++) {
          base = b * h * w * inner + c;
          at.i = i;
          at.j = j;
          visit(((b * oh + i) * ow + j) * inner + c, at);
        }
      }
    }
  }
  return withSpatial(shape, hAxis, oh, ow);
}

export function poolF64(op: string, binsOf: BinsOf) {
  return ([x]: F64Tensor[], ctx: KernelContext): F64Tensor => {
    const values: number[] = [];
    const shape = walkBins(x.shape, ctx.node.attrs, op, binsOf, (o, { rows, cols, i, j, offset }) => {
      let s = 0;
      for (let y = rows.start[i]; y < rows.end[i]; y++) for (let v = cols.start[j]; v < cols.end[j]; v++) s += x.data[offset(y, v)];
      values[o] = s / (rows.divisor[i] * cols.divisor[j]);
    });
    return { shape, data: Float64Array.from(values) };
  };
}

/** Aᵀ of one axis's bins, (n, out): the right factor of X·Aᵀ. */
function averagingT(bins: AxisBins, n: number): number[] {
  const out = bins.start.length;
  const m = new Array<number>(n * out).fill(0);
  for (let i = 0; i < out; i++) for (let y = bins.start[i]; y < bins.end[i]; y++) m[y * out + i] = 1 / bins.divisor[i];
  return m;
}

/**
 * The two products with constant averaging matrices, on (images, H, W): the gradient is the
 * products' own, so it needs nothing of the backend's pooling kernels.
 */
export function poolTf(op: string, binsOf: BinsOf) {
  return ([x0]: Tensor[], ctx: TfKernelContext): Tensor => {
    const { tf } = ctx;
    const x = asFloat(tf, x0);
    const { outer, h, w, inner } = view(x.shape, ctx.node.attrs, op);
    const { hAxis, rows, cols } = binsOf(x.shape, ctx.node.attrs);
    const oh = rows.start.length;
    const ow = cols.start.length;
    const images = outer * inner;
    // (outer, H, W, inner) → (outer·inner, H, W).
    const xs = inner === 1 ? x : tf.transpose(tf.reshape(x, [outer, h, w, inner]), [0, 3, 1, 2]);
    const alongW = ctx.ops.matmul2d(tf.reshape(xs, [images * h, w]), tf.tensor2d(averagingT(cols, w), [w, ow]));
    const turned = tf.transpose(tf.reshape(alongW, [images, h, ow]), [0, 2, 1]);
    const alongH = ctx.ops.matmul2d(tf.reshape(turned, [images * ow, h]), tf.tensor2d(averagingT(rows, h), [h, oh]));
    const pooled = tf.transpose(tf.reshape(alongH, [images, ow, oh]), [0, 2, 1]);
    const back = inner === 1 ? pooled : tf.transpose(tf.reshape(pooled, [outer, inner, oh, ow]), [0, 2, 3, 1]);
    return tf.reshape(back, withSpatial(x.shape, hAxis, oh, ow));
  };
}

/** An output entry reads the input entries of its bin, in its own image and channel. */
export function poolJacobian(op: string, binsOf: BinsOf, formula: { text: string; latex: string }): JacobianRule {
  return {
    wrt: (ctx) => [
      term([
        {
          kind: 'explicit',
          out: [...ctx.out],
          in: [...ctx.in[0]],
          outShape: [...ctx.node.shape],
          inShape: [...ctx.shapes[0]],
          support: (o, size) => {
            const shape = ctx.shapes[0].map(size);
            const { hAxis, rows, cols } = binsOf(shape, ctx.node.attrs);
            const [i, j] = [o[hAxis], o[hAxis + 1]];
            if ((rows.end[i] - rows.start[i]) * (cols.end[j] - cols.start[j]) > MAX_ROW_ENTRIES) throw new PatternTooCostly(`a ${op} window too large to list`);
            const taps: number[][] = [];
            for (let y = rows.start[i]; y < rows.end[i]; y++) for (let v = cols.start[j]; v < cols.end[j]; v++) taps.push(withSpatial(o, hAxis, y, v));
            return taps;
          },
          label: { text: op, latex: `\\mathrm{${op.replace(/_/g, '\\_')}}` },
        },
      ]),
    ],
    explicit: () => ({ structure: 'sparse', formula: sym(formula.text, formula.latex) }),
  };
}

/** Why Derive Gradient does not read a pool: it works on image batches, not matrices. */
export const POOL_SYMBOLIC = { unsupported: 'pooling averages windows of 3-D or 4-D image batches, which matrix calculus here does not write; Check Gradients differentiates it numerically' };
