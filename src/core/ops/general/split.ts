import type { Tensor } from '@tensorflow/tfjs-core';
import { sym } from '../../jacobian/formula';
import { type SupportFn, term } from '../../jacobian/term';
import { sizeOf, stridesOf, type F64Tensor } from '../../numeric/tensor';
import { Bindings } from '../../shapes/bindings';
import { addDims, ceilDivDims, type Dim, divDims, formatDim, mulDims, subDims } from '../../shapes/dim';
import { fail, normAxis, type ShapeRule, type TensorInfo } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';

/**
 * split and chunk: x cut along an axis into pieces, each a result of its own (the tracer
 * makes a node per piece; `piece` says which). The libraries say how to cut differently,
 * and the attribute a call sets says which way it meant:
 *   sections            an int: that many equal pieces; a list: the indices to cut at (np.split)
 *   array_sections      an int: that many pieces, the first ones one longer (np.array_split)
 *   sizes               an int: pieces of that size, the last shorter; a list: the sizes (torch.split)
 *   chunks              an int: at most that many pieces of ⌈n / chunks⌉ (torch.chunk)
 *   num_or_size_splits  an int: that many equal pieces; a list: the sizes, one may be -1 (tf.split)
 */
type Cut = { start: Dim; size: Dim };

type Attrs = Readonly<Record<string, unknown>>;

const isDim = (v: unknown): v is Dim => typeof v === 'number' || (typeof v === 'string' && v !== '');

const axisOf = (attrs: Attrs, rank: number) => normAxis(typeof attrs.axis === 'number' ? attrs.axis : 0, rank);

/** Pieces of the given sizes laid end to end. */
function laidOut(sizes: Dim[]): Cut[] {
  let start: Dim = 0;
  return sizes.map((size) => {
    const cut = { start, size };
    start = addDims(start, size);
    return cut;
  });
}

type Convention = 'indices' | 'uneven' | 'sizes' | 'chunk';

/** How a call cuts: its int or list, and what the int or list means. */
function howOf(attrs: Attrs): { how: unknown; convention: Convention } {
  if (attrs.array_sections !== undefined) return { how: attrs.array_sections, convention: 'uneven' };
  if (attrs.sizes !== undefined) return { how: attrs.sizes, convention: 'sizes' };
  if (attrs.chunks !== undefined) return { how: attrs.chunks, convention: 'chunk' };
  if (attrs.num_or_size_splits !== undefined) return { how: attrs.num_or_size_splits, convention: Array.isArray(attrs.num_or_size_splits) ? 'sizes' : 'indices' };
  return { how: attrs.sections, convention: 'indices' };
}

/** The pieces of an axis of n entries, or why they cannot be told. */
export function cutsOf(attrs: Attrs, n: Dim, bindings: Bindings): Cut[] | string {
  const { how, convention } = howOf(attrs);
  const known = bindings.resolve(n);
  if (Array.isArray(how)) {
    if (!how.every(isDim)) return `cannot read the pieces ${JSON.stringify(how)}`;
    if (convention === 'indices' || convention === 'uneven') {
      // Cut points: the pieces between them, and to the end.
      const points: Dim[] = [0, ...how, n];
      return points.slice(1).map((end, k) => ({ start: points[k], size: subDims(end, points[k]) }));
    }
    const sizes = [...how] as Dim[];
    const hole = sizes.indexOf(-1);
    if (hole >= 0) sizes[hole] = sizes.reduce<Dim>((rest, d, k) => (k === hole ? rest : subDims(rest, d)), n);
    const total = sizes.reduce<Dim>((p, d) => addDims(p, d), 0);
    if (!bindings.same(total, n)) return `the sizes ${JSON.stringify(how)} add up to ${formatDim(total)}, not the axis's ${formatDim(n)}`;
    return laidOut(sizes);
  }
  if (!isDim(how) || how === 0 || (typeof how === 'number' && (how < 0 || !Number.isInteger(how)))) return `the number or size of the pieces must be a whole number ≥ 1, got ${JSON.stringify(how)}`;
  if (convention === 'chunk' && typeof known !== 'number' && typeof how === 'number' && divDims(n, how) === null) {
    // ⌈n / chunks⌉ each and the rest last, for an n of at least chunks·(chunks − 1), as any real axis is.
    const size = ceilDivDims(n, how);
    return laidOut(Array.from({ length: how }, (_, k) => (k < how - 1 ? size : subDims(n, mulDims(size, how - 1)))));
  }
  if (convention === 'sizes' || convention === 'chunk') {
    const size = convention === 'sizes' ? how : typeof known === 'number' && typeof how === 'number' ? Math.ceil(known / how) : divDims(n, how);
    if (size === null) return `${formatDim(n)} entries in ${formatDim(how)} chunks: their size depends on ${formatDim(n)}`;
    const count = typeof known === 'number' && typeof size === 'number' ? Math.ceil(known / size) : divDims(n, size);
    if (typeof count !== 'number') return `${formatDim(n)} entries in pieces of ${formatDim(size)}: how many depends on ${formatDim(n)}`;
    const last: Dim = typeof known === 'number' && typeof size === 'number' ? known - size * (count - 1) : size;
    return laidOut(Array.from({ length: count }, (_, k) => (k < count - 1 ? size : last)));
  }
  if (typeof how !== 'number') return `the number of pieces must be a number, got ${how}`;
  const equal = divDims(n, how);
  if (equal !== null) return laidOut(Array.from({ length: how }, () => equal));
  if (convention === 'uneven' && typeof known === 'number') {
    const base = Math.floor(known / how);
    return laidOut(Array.from({ length: how }, (_, k) => base + (k < known % how ? 1 : 0)));
  }
  return `${formatDim(n)} entries do not split into ${how} equal pieces`;
}

function cutsFor(x: TensorInfo, attrs: Attrs, bindings: Bindings): { axis: number; cuts: Cut[] } | string {
  const axis = axisOf(attrs, x.shape.length);
  if (axis === null) return `axis ${String(attrs.axis)} is out of range for ${x.shape.length} dimension${x.shape.length === 1 ? '' : 's'}`;
  const cuts = cutsOf(attrs, x.shape[axis], bindings);
  return typeof cuts === 'string' ? cuts : { axis, cuts };
}

const splitShape: ShapeRule = ([x], attrs, ctx) => {
  const r = cutsFor(x, attrs, ctx.bindings);
  if (typeof r === 'string') return fail(r, [0]);
  const piece = attrs.piece;
  if (typeof piece !== 'number' || !r.cuts[piece]) return fail(`which piece is not known (${r.cuts.length} pieces)`, [0]);
  return { shape: x.shape.map((d, j) => (j === r.axis ? r.cuts[piece].size : d)), dtype: x.dtype };
};

/** The piece's axis and where it starts, with `dim` giving sizes at their current values. */
function placed(attrs: Attrs, shape: readonly number[], dim: (d: Dim) => number): { axis: number; start: number } {
  const axis = axisOf(attrs, shape.length) as number;
  const piece = attrs.piece as number;
  const n = shape[axis];
  const { how, convention } = howOf(attrs);
  if (Array.isArray(how) && convention === 'sizes') {
    // The piece starts after the ones before it (a -1 among them takes the rest).
    const sizes = (how as Dim[]).map(dim);
    const hole = sizes.indexOf(-1);
    if (hole >= 0) sizes[hole] = n - sizes.reduce((p, d, k) => (k === hole ? p : p + d), 0);
    return { axis, start: sizes.slice(0, piece).reduce((p, d) => p + d, 0) };
  }
  if (Array.isArray(how)) return { axis, start: piece === 0 ? 0 : dim((how as Dim[])[piece - 1]) };
  const count = dim(how as Dim);
  if (convention === 'sizes') return { axis, start: piece * count };
  if (convention === 'chunk') return { axis, start: piece * Math.ceil(n / count) };
  return { axis, start: piece * Math.floor(n / count) + Math.min(piece, n % count) };
}

export const split: OpModule<'split'> = opModule('split', {
  doc: 'split(x, how, axis=0) — one of the pieces x is cut into along an axis (a call gives all of them, as a tuple)',
  signature: {
    params: ['x', 'sections', 'array_sections', 'sizes', 'chunks', 'num_or_size_splits', 'axis', 'piece'],
    tensors: 1,
    shape: splitShape,
    defaults: { axis: 0 },
    pieces: ([x], attrs, ctx) => {
      const r = cutsFor(x, attrs, ctx.bindings);
      return typeof r === 'string' ? null : r.cuts.length;
    },
  },
  f64: ([x]: F64Tensor[], ctx) => {
    const { axis, start } = placed(ctx.node.attrs, x.shape, (d) => ctx.env.dim(d));
    const shape = ctx.shape;
    const inner = sizeOf(x.shape.slice(axis + 1));
    const stride = stridesOf(x.shape)[axis];
    const data = new Float64Array(sizeOf(shape));
    const outer = sizeOf(x.shape.slice(0, axis));
    const block = shape[axis] * inner;
    for (let o = 0; o < outer; o++) data.set(x.data.subarray(o * x.shape[axis] * inner + start * stride, o * x.shape[axis] * inner + start * stride + block), o * block);
    return { shape: [...shape], data };
  },
  // Slice's gradient pads the output gradient back to x's shape.
  tfjs: ([x], ctx) => {
    const { axis, start } = placed(ctx.node.attrs, x.shape, (d) => ctx.env.dim(d));
    return ctx.tf.slice(x, x.shape.map((_, j) => (j === axis ? start : 0)), ctx.shape) as Tensor;
  },
  jacobian: {
    wrt: (ctx) => {
      const axis = axisOf(ctx.node.attrs, ctx.shapes[0].length) as number;
      const support: SupportFn = (o, size) => {
        const start = placed(ctx.node.attrs, ctx.shapes[0].map(size), size).start;
        return [o.map((v, j) => (j === axis ? v + start : v))];
      };
      return [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[0]], outShape: [...ctx.node.shape], inShape: [...ctx.shapes[0]], support, label: { text: `piece ${String(ctx.node.attrs.piece)}`, latex: `\\mathrm{piece}_{${String(ctx.node.attrs.piece)}}` } }])];
    },
    explicit: (ctx) => ({ structure: 'sparse', formula: sym(`E_${String(ctx.node.attrs.piece)}`, `E_{${String(ctx.node.attrs.piece)}}`) }),
  },
  symbolic: {
    // A piece is a block of X (rows or columns); the pieces' gradients, placed back, sum to dX.
    read: (x, node, input, cx) => {
      const X = input(0);
      const shape = cx.inputNode(0).shape;
      const r = cutsFor({ shape, dtype: 'float' }, node.attrs, new Bindings());
      const piece = node.attrs.piece;
      if (typeof r === 'string' || typeof piece !== 'number' || !r.cuts[piece]) return cx.unsupported(`a piece of a split that cannot be placed${typeof r === 'string' ? ` (${r})` : ''}`);
      const { start, size } = r.cuts[piece];
      return r.axis === 0 ? x.block(X, [start, 0], [size, X.shape[1]]) : x.block(X, [0, start], [X.shape[0], size]);
    },
  },
  kinks: null,
  spellings: {
    python: [
      { names: ['numpy.split'], params: 'x, indices_or_sections=sections, axis=' },
      { names: ['numpy.array_split'], params: 'x, indices_or_sections=array_sections, axis=' },
      { names: ['torch.split'], params: 'x, split_size_or_sections=sizes, axis=' },
      { names: ['torch.chunk'], params: 'x, chunks=, axis=' },
      { names: ['tensorflow.split'], params: 'x, num_or_size_splits=, axis=, -num, -name' },
    ],
    methods: [
      { names: ['split'], params: 'x, split_size=sizes, axis=' },
      { names: ['chunk'], params: 'x, chunks=, axis=' },
    ],
  },
});
