import type { Tensor } from '@tensorflow/tfjs-core';
import { sym } from '../../jacobian/formula';
import { type SupportFn, term } from '../../jacobian/term';
import type { NumericEnv } from '../../numeric/env';
import { sizeOf, type F64Tensor } from '../../numeric/tensor';
import { asType, tfDtype } from '../../numeric/tfjs/dtype';
import { addDims, type Dim } from '../../shapes/dim';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import type { Shape2 } from '../../grad/expr';
import { type OpModule, opModule } from '../op';

/**
 * Constant padding. `pad_width` is kept as the call wrote it and read here: NumPy's forms
 * (an int, `(before, after)` for every axis, or one pair per axis), TensorFlow's per-axis
 * pairs, and PyTorch's flat list that starts with the last axis (`order: 'last-first'`).
 */
type Widths = [Dim, Dim][];

const isWidth = (v: unknown): v is Dim => typeof v === 'number' || (typeof v === 'string' && v !== '');

/** A pair from `(a, b)` or `(a,)`, or null. */
function pairOf(v: unknown): [Dim, Dim] | null {
  if (isWidth(v)) return [v, v];
  if (!Array.isArray(v) || !v.every(isWidth)) return null;
  if (v.length === 1) return [v[0], v[0]];
  return v.length === 2 ? [v[0], v[1]] : null;
}

/** Each axis's (before, after), or a message saying why the widths do not fit a tensor of this rank. */
export function padWidths(attrs: Readonly<Record<string, unknown>>, rank: number): Widths | string {
  const raw = attrs.pad_width;
  if (raw === undefined || raw === null) return 'the widths to pad by are missing';
  if (attrs.order === 'last-first') {
    // PyTorch: (left, right) of the last axis, then of the one before it, and so on.
    if (!Array.isArray(raw) || !raw.every(isWidth) || raw.length % 2 !== 0) return `the widths must be a flat list of (before, after) pairs, got ${JSON.stringify(raw)}`;
    if (raw.length / 2 > rank) return `${raw.length / 2} pairs of widths for a ${rank}-dimensional tensor`;
    const widths: Widths = Array.from({ length: rank }, () => [0, 0]);
    for (let k = 0; k < raw.length / 2; k++) widths[rank - 1 - k] = [raw[2 * k], raw[2 * k + 1]];
    return checked(widths);
  }
  // NumPy and TensorFlow: one pair for every axis, or one pair (or one width) for all of them.
  const single = pairOf(raw);
  if (single) return checked(Array.from({ length: rank }, () => single));
  if (!Array.isArray(raw)) return `cannot read the widths ${JSON.stringify(raw)}`;
  const pairs = raw.map(pairOf);
  if (pairs.some((p) => p === null)) return `every width must be a whole number or a (before, after) pair, got ${JSON.stringify(raw)}`;
  if (pairs.length === 1) return checked(Array.from({ length: rank }, () => pairs[0] as [Dim, Dim]));
  if (pairs.length !== rank) return `${pairs.length} pairs of widths for a ${rank}-dimensional tensor`;
  return checked(pairs as Widths);
}

function checked(widths: Widths): Widths | string {
  const negative = widths.flat().find((w) => typeof w === 'number' && (w < 0 || !Number.isInteger(w)));
  return negative === undefined ? widths : `a width must be a whole number ≥ 0, got ${negative} (cropping is not read as padding)`;
}

/** The fill value (`float('-inf')` is read as a number). */
const fillOf = (attrs: Readonly<Record<string, unknown>>): number => (typeof attrs.value === 'number' ? attrs.value : 0);

const modeOf = (attrs: Readonly<Record<string, unknown>>) => (typeof attrs.mode === 'string' ? attrs.mode.toLowerCase() : 'constant');

const padShape: ShapeRule = ([x], attrs) => {
  if (modeOf(attrs) !== 'constant') return fail(`only mode='constant' is read here, not '${String(attrs.mode)}'`, [0]);
  if (typeof attrs.value !== 'number') return fail(`the fill value must be one number, got ${JSON.stringify(attrs.value)}`, [0]);
  const widths = padWidths(attrs, x.shape.length);
  if (typeof widths === 'string') return fail(widths, [0]);
  return { shape: x.shape.map((d, j) => addDims(addDims(widths[j][0], d), widths[j][1])), dtype: x.dtype === 'bool' ? 'float' : x.dtype };
};

/** The widths at the current sizes. */
const concreteWidths = (attrs: Readonly<Record<string, unknown>>, rank: number, env: NumericEnv): [number, number][] => (padWidths(attrs, rank) as Widths).map(([a, b]) => [env.dim(a), env.dim(b)]);

export const pad: OpModule<'pad'> = opModule('pad', {
  doc: 'pad(x, pad_width, value=0) — x surrounded by a constant: (before, after) entries added on each axis',
  signature: { params: ['x', 'pad_width', 'value', 'mode', 'order'], tensors: 1, shape: padShape, defaults: { value: 0, mode: 'constant', order: 'axes' } },
  f64: ([x]: F64Tensor[], ctx) => {
    const widths = concreteWidths(ctx.node.attrs, x.shape.length, ctx.env);
    const shape = x.shape.map((d, j) => widths[j][0] + d + widths[j][1]);
    const data = new Float64Array(sizeOf(shape)).fill(fillOf(ctx.node.attrs));
    // Each input element lands at its index shifted by the widths before it.
    for (let e = 0; e < x.data.length; e++) {
      let rest = e;
      let at = 0;
      let stride = 1;
      for (let j = x.shape.length - 1; j >= 0; j--) {
        at += ((rest % x.shape[j]) + widths[j][0]) * stride;
        rest = Math.floor(rest / x.shape[j]);
        stride *= shape[j];
      }
      data[at] = x.data[e];
    }
    return { shape, data };
  },
  // tf.pad's gradient slices the padding off again.
  tfjs: ([x], ctx) => ctx.tf.pad(asType(ctx.tf, x, tfDtype(ctx.node.dtype)), concreteWidths(ctx.node.attrs, x.shape.length, ctx.env), fillOf(ctx.node.attrs)) as Tensor,
  jacobian: {
    wrt: (ctx) => {
      const widths = padWidths(ctx.node.attrs, ctx.shapes[0].length);
      if (typeof widths === 'string') return 'unsupported';
      // An output entry reads the input entry the widths before it shift onto it, or nothing (padding).
      const support: SupportFn = (o, size) => {
        const i = o.map((v, j) => v - size(widths[j][0]));
        return i.every((v, j) => v >= 0 && v < size(ctx.shapes[0][j])) ? [i] : [];
      };
      return [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[0]], outShape: [...ctx.node.shape], inShape: [...ctx.shapes[0]], support, label: { text: 'pad', latex: '\\mathrm{pad}' } }])];
    },
    explicit: () => ({ structure: 'sparse', formula: sym('E_pad', 'E_{\\mathrm{pad}}') }),
  },
  symbolic: {
    // X placed in zeros at the widths before it, plus the fill around it: dX is the block of dY where X sits.
    read: (x, node, input, cx) => {
      const value = fillOf(node.attrs);
      if (!Number.isFinite(value)) return cx.unsupported(`padding with ${value} (the fill around X would be ∞·0 in a blend)`);
      const X = input(0);
      const widths = padWidths(node.attrs, cx.inputNode(0).shape.length);
      if (typeof widths === 'string') return cx.unsupported(`padding whose widths cannot be read (${widths})`);
      if (widths.length === 0) return X;
      const shape: Shape2 = node.shape.length === 1 ? [node.shape[0], 1] : [node.shape[0], node.shape[1]];
      const offset: [Dim, Dim] = [widths[0][0], widths.length > 1 ? widths[1][0] : 0];
      const placed = x.embed(X, offset, shape);
      if (value === 0) return placed;
      return x.add(placed, x.mul(x.num(value), x.sub(x.ones(shape[0], shape[1]), x.embed(x.ones(X.shape[0], X.shape[1]), offset, shape))));
    },
  },
  kinks: null,
  spellings: {
    python: [
      { names: ['numpy.pad'], params: 'x, pad_width=, mode=, constant_values=value' },
      { names: ['torch.nn.functional.pad'], params: 'x, pad=pad_width, mode=, value=', attrs: { order: 'last-first' } },
      { names: ['tensorflow.pad'], params: 'x, paddings=pad_width, mode=, constant_values=value, -name' },
    ],
  },
});
