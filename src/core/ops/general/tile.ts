import type { Node } from '../../grad/expr';
import { type Dim, formatShape, mulDims } from '../../shapes/dim';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';
import { copyingF64, copyingJacobian, copyingTf, type SourceOf } from './copies';

/**
 * `np.tile(x, reps)`, `x.repeat(2, 1)` in PyTorch, `tf.tile`: x laid out reps[j] times along
 * axis j. The shorter of x's shape and reps is padded with leading 1s, as NumPy does.
 */
function repsOf(attrs: Readonly<Record<string, unknown>>): Dim[] | null {
  const raw = attrs.reps;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.every((d) => (typeof d === 'number' && Number.isInteger(d) && d >= 0) || (typeof d === 'string' && d !== '')) ? (list as Dim[]) : null;
}

const padded = (dims: readonly Dim[], rank: number): Dim[] => [...Array<Dim>(rank - dims.length).fill(1), ...dims];

const tileShape: ShapeRule = ([x], attrs) => {
  const reps = repsOf(attrs);
  if (!reps) return fail(`the repetitions must be whole numbers ≥ 0, got ${JSON.stringify(attrs.reps)}`, [0]);
  const rank = Math.max(x.shape.length, reps.length);
  const own = padded(x.shape, rank);
  const times = padded(reps, rank);
  return { shape: own.map((d, j) => mulDims(d, times[j])), dtype: x.dtype === 'bool' ? 'float' : x.dtype, note: `${formatShape(x.shape)} tiled ${formatShape(reps)} times` };
};

/** Output entry o copies the input entry at o modulo the input's size, axis by axis. */
const source: SourceOf = (o, inShape) => {
  const offset = o.length - inShape.length;
  return inShape.map((d, k) => o[k + offset] % d);
};

export const tile: OpModule<'tile'> = opModule('tile', {
  doc: 'tile(x, reps) — x repeated as a whole reps[j] times along each axis j',
  signature: { params: ['x', 'reps'], tensors: 1, shape: tileShape },
  f64: copyingF64(source),
  tfjs: copyingTf(source),
  jacobian: copyingJacobian(source, { text: 'tile', latex: '\\mathrm{tile}' }),
  symbolic: {
    // tile(X, (a, b)) = (1ₐ ⊗ I) X (1_b ⊗ I)ᵀ: stacked identities copy the rows and the columns.
    read: (x, node, input, { inputNode: operand }) => {
      const out = node.shape.length;
      const inRank = operand(0).shape.length;
      const X = out === 2 && inRank === 1 ? x.transpose(input(0)) : input(0);
      const times = padded(repsOf(node.attrs) ?? [], Math.max(out, 2)).slice(-2);
      const [a, b] = out === 1 ? [times[1], 1] : times;
      const rows = (n: Dim, size: Dim): Node => x.kron(x.ones(n, 1), x.eye(size));
      let result = X;
      if (a !== 1) result = x.matmul(rows(a, X.shape[0]), result);
      if (b !== 1) result = x.matmul(result, x.transpose(rows(b, X.shape[1])));
      return result;
    },
  },
  kinks: null,
  spellings: {
    python: [
      { names: ['numpy.tile'], params: 'x, reps=' },
      { names: ['torch.tile'], params: 'x, dims=reps' },
      { names: ['tensorflow.tile'], params: 'x, multiples=reps, -name' },
    ],
    // PyTorch's Tensor.repeat tiles; NumPy's ndarray.repeat is np.repeat (ops/general/repeat.ts).
    methods: [
      { names: ['repeat'], params: 'x, *reps', library: 'torch' },
      { names: ['tile'], params: 'x, *reps' },
    ],
  },
});
