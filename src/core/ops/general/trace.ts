import type { Tensor } from '@tensorflow/tfjs-core';
import { ShapeError } from '../../grad/expr';
import { sym, transpose } from '../../jacobian/formula';
import { formatSize } from '../../jacobian/sizes';
import { delta, type SupportFn, term } from '../../jacobian/term';
import { type F64Tensor, sizeOf, stridesOf } from '../../numeric/tensor';
import { asFloat } from '../../numeric/tfjs/dtype';
import { formatShape } from '../../shapes/dim';
import { fail, normAxis, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';

/**
 * The sum of a diagonal, NumPy's: the entries x[…, i, …, i + offset, …] over the plane of
 * axis1 and axis2 (the first two axes by default; TensorFlow's the last two), the other
 * axes kept in order: a batch of traces.
 */
interface Plane {
  axis1: number;
  axis2: number;
  offset: number;
}

function planeOf(attrs: Readonly<Record<string, unknown>>, rank: number): Plane | string {
  const axis1 = typeof attrs.axis1 === 'number' ? normAxis(attrs.axis1, rank) : null;
  const axis2 = typeof attrs.axis2 === 'number' ? normAxis(attrs.axis2, rank) : null;
  if (axis1 === null || axis2 === null) return `axis1=${String(attrs.axis1)} and axis2=${String(attrs.axis2)} must be axes of a tensor of ${rank} dimension${rank === 1 ? '' : 's'}`;
  if (axis1 === axis2) return `axis1 and axis2 are both axis ${axis1}`;
  return { axis1, axis2, offset: typeof attrs.offset === 'number' ? attrs.offset : 0 };
}

function plane(attrs: Readonly<Record<string, unknown>>, rank: number): Plane {
  const p = planeOf(attrs, rank);
  if (typeof p === 'string') throw new Error(`trace: ${p}`);
  return p;
}

const kept = (rank: number, { axis1, axis2 }: Plane) => [...Array(rank).keys()].filter((a) => a !== axis1 && a !== axis2);

const traceShape: ShapeRule = ([x], attrs) => {
  if (x.shape.length < 2) return fail(`trace needs a matrix (or a batch of them), got ${formatShape(x.shape)}`, [0]);
  const p = planeOf(attrs, x.shape.length);
  if (typeof p === 'string') return fail(`${formatShape(x.shape)}: ${p}`, [0]);
  return { shape: kept(x.shape.length, p).map((a) => x.shape[a]), dtype: x.dtype === 'bool' ? 'int' : x.dtype };
};

/** The diagonal's (row, column) positions in the plane: j − i = offset. */
function diagonal(rows: number, cols: number, offset: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = Math.max(0, -offset); i < rows && i + offset < cols; i++) out.push([i, i + offset]);
  return out;
}

function traceF64([x]: F64Tensor[], ctx: { node: { attrs: Readonly<Record<string, unknown>> } }): F64Tensor {
  const p = plane(ctx.node.attrs, x.shape.length);
  const rest = kept(x.shape.length, p);
  const strides = stridesOf(x.shape);
  const outShape = rest.map((a) => x.shape[a]);
  const steps = diagonal(x.shape[p.axis1], x.shape[p.axis2], p.offset).map(([i, j]) => i * strides[p.axis1] + j * strides[p.axis2]);
  const data = new Float64Array(sizeOf(outShape));
  for (let e = 0; e < data.length; e++) {
    let base = 0;
    let r = e;
    for (let k = rest.length - 1; k >= 0; k--) {
      base += (r % outShape[k]) * strides[rest[k]];
      r = Math.floor(r / outShape[k]);
    }
    let s = 0;
    for (const step of steps) s += x.data[base + step];
    data[e] = s;
  }
  return { shape: outShape, data };
}

export const trace: OpModule<'trace'> = opModule('trace', {
  doc: 'trace(x, offset=0, axis1=0, axis2=1) — the sum of the diagonal of the axis1–axis2 plane, for each index of the other axes (tr in math)',
  signature: { params: ['x', 'offset', 'axis1', 'axis2'], tensors: 1, shape: traceShape, defaults: { offset: 0, axis1: 0, axis2: 1 } },
  f64: traceF64,
  // A product with the diagonal's 0/1 mask, summed over the plane: the gradient is the mask, through Multiply's and Sum's.
  tfjs: ([x], ctx) => {
    const { tf } = ctx;
    const p = plane(ctx.node.attrs, x.rank);
    const [rows, cols] = [x.shape[p.axis1], x.shape[p.axis2]];
    const mask = new Float32Array(rows * cols);
    for (const [i, j] of diagonal(rows, cols, p.offset)) mask[p.axis1 < p.axis2 ? i * cols + j : j * rows + i] = 1;
    const lo = Math.min(p.axis1, p.axis2);
    const hi = Math.max(p.axis1, p.axis2);
    const planeShape = x.shape.map((d, a) => (a === lo || a === hi ? d : 1));
    return tf.sum(tf.mul(asFloat(tf, x), tf.tensor(mask, planeShape)), [lo, hi]) as Tensor;
  },
  jacobian: {
    wrt: (ctx) => {
      const rank = ctx.shapes[0].length;
      const p = plane(ctx.node.attrs, rank);
      const rest = kept(rank, p);
      const ix = ctx.in[0];
      const ties = rest.flatMap((a, j) => delta(ctx.out[j], ix[a]));
      // The main diagonal of a square plane is a tie of its two indices; any other is listed.
      if (p.offset === 0 && ctx.shapes[0][p.axis1] === ctx.shapes[0][p.axis2]) return [term([...ties, ...delta(ix[p.axis1], ix[p.axis2])])];
      const support: SupportFn = (o, size) => {
        const [rows, cols] = [size(ctx.shapes[0][p.axis1]), size(ctx.shapes[0][p.axis2])];
        return diagonal(rows, cols, p.offset).map(([i, j]) => {
          const at = new Array<number>(rank).fill(0);
          rest.forEach((a, k) => {
            at[a] = o[k];
          });
          at[p.axis1] = i;
          at[p.axis2] = j;
          return at;
        });
      };
      return [term([{ kind: 'explicit', out: [...ctx.out], in: [...ix], outShape: [...ctx.node.shape], inShape: [...ctx.shapes[0]], support, label: { text: `trace(${p.offset})`, latex: `\\operatorname{tr}_{${p.offset}}` } }])];
    },
    // ∂ tr X/∂X is one row holding vec I; a shifted diagonal, or a batch of traces, is said in words.
    explicit: (ctx) => {
      const p = plane(ctx.node.attrs, ctx.shapes[0].length);
      if (ctx.shapes[0].length === 2 && p.offset === 0) return { structure: 'sparse', formula: transpose(sym(`vec I_${formatSize(ctx.shapes[0][0])}`, `\\operatorname{vec} I_{${formatSize(ctx.shapes[0][0])}}`)) };
      return { structure: 'sparse', formula: sym(`∂tr_${p.offset}/∂X`, `\\partial \\operatorname{tr}_{${p.offset}} / \\partial X`) };
    },
  },
  symbolic: {
    read: (x, node, input) => {
      const a = input(0);
      if (node.attrs.offset !== 0 && node.attrs.offset !== undefined) throw new ShapeError('a trace off the main diagonal has no matrix form here; Check Gradients differentiates it numerically');
      return x.trace(a);
    },
  },
  kinks: null,
  spellings: {
    python: [
      { names: ['numpy.trace'], params: 'x, offset=, axis1=, axis2=' },
      { names: ['torch.trace'], params: 'x' },
      { names: ['tensorflow.linalg.trace', 'tensorflow.trace'], params: 'x', attrs: { axis1: -2, axis2: -1 } },
    ],
    methods: [{ names: ['trace'], params: 'x, offset=, axis1=, axis2=' }],
    math: [{ names: ['tr', 'Tr', 'trace'], latex: ['tr', 'Tr', 'trace'] }],
  },
});
