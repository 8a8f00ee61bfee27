import { type Node, ShapeError } from '../../grad/expr';
import { sizeOf } from '../../numeric/tensor';
import { type Dim, formatDim, mulDims, productOf } from '../../shapes/dim';
import { fail, normAxis, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';
import { copyingF64, copyingJacobian, copyingTf, type SourceOf } from './copies';

/**
 * `np.repeat(x, r, axis)`, `torch.repeat_interleave`, `tf.repeat`: each entry r times in a
 * row along the axis (without an axis, of x flattened). One count for every entry.
 */
function countOf(attrs: Readonly<Record<string, unknown>>): Dim | null {
  const raw = Array.isArray(attrs.repeats) && attrs.repeats.length === 1 ? attrs.repeats[0] : attrs.repeats;
  return (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) || (typeof raw === 'string' && raw !== '') ? raw : null;
}

const axisOf = (attrs: Readonly<Record<string, unknown>>): number | null => (typeof attrs.axis === 'number' ? attrs.axis : null);

const repeatShape: ShapeRule = ([x], attrs) => {
  const count = countOf(attrs);
  if (count === null) return fail(`the count must be one whole number ≥ 0 (a count per entry is not read), got ${JSON.stringify(attrs.repeats)}`, [0]);
  const axis = axisOf(attrs);
  if (axis === null) return { shape: [mulDims(productOf(x.shape), count)], dtype: x.dtype === 'bool' ? 'float' : x.dtype };
  const a = normAxis(axis, x.shape.length);
  if (a === null) return fail(`axis ${axis} is out of range for ${x.shape.length} dimension${x.shape.length === 1 ? '' : 's'}`, [0]);
  return { shape: x.shape.map((d, j) => (j === a ? mulDims(d, count) : d)), dtype: x.dtype === 'bool' ? 'float' : x.dtype, note: `axis ${a}: ${formatDim(x.shape[a])}·${formatDim(count)}` };
};

/** Output entry o copies the entry o / count along the axis (of x flattened when there is none). */
const source: SourceOf = (o, inShape, outShape, attrs) => {
  const axis = axisOf(attrs);
  if (axis === null) {
    let flat = Math.floor(o[0] / (outShape[0] / sizeOf(inShape)));
    const at = inShape.map(() => 0);
    for (let j = inShape.length - 1; j >= 0; j--) {
      at[j] = flat % inShape[j];
      flat = Math.floor(flat / inShape[j]);
    }
    return at;
  }
  const a = normAxis(axis, inShape.length) as number;
  return o.map((v, j) => (j === a ? Math.floor(v / (outShape[a] / inShape[a])) : v));
};

export const repeat: OpModule<'repeat'> = opModule('repeat', {
  doc: 'repeat(x, repeats, axis=None) — each entry repeated in place along the axis (of x flattened when None)',
  signature: { params: ['x', 'repeats', 'axis'], tensors: 1, shape: repeatShape, defaults: { axis: null } },
  f64: copyingF64(source),
  tfjs: copyingTf(source),
  jacobian: copyingJacobian(source, { text: 'repeat', latex: '\\mathrm{repeat}' }),
  symbolic: {
    // Repeating rows r times is (I ⊗ 1ᵣ) X; repeating columns is X (I ⊗ 1ᵣ)ᵀ.
    read: (x, node, input, { inputNode: operand }) => {
      const count = countOf(node.attrs) as Dim;
      const rank = operand(0).shape.length;
      const axis = axisOf(node.attrs);
      if (axis === null && rank === 2) throw new ShapeError('cannot differentiate `repeat` without an axis symbolically: it flattens a matrix, which matrix calculus here does not write');
      const X = input(0);
      const spread = (size: Dim): Node => x.kron(x.eye(size), x.ones(count, 1));
      if (rank < 2 || axis === 0 || axis === -2) return x.matmul(spread(X.shape[0]), X);
      return x.matmul(X, x.transpose(spread(X.shape[1])));
    },
  },
  kinks: null,
  spellings: {
    python: [
      { names: ['numpy.repeat', 'torch.repeat_interleave'], params: 'x, repeats=, axis=' },
      { names: ['tensorflow.repeat'], params: 'x, repeats=, axis=, -name' },
    ],
    methods: [
      { names: ['repeat_interleave'], params: 'x, repeats=, axis=' },
      // ndarray.repeat; PyTorch's Tensor.repeat tiles (ops/general/tile.ts).
      { names: ['repeat'], params: 'x, repeats=, axis=', library: 'numpy' },
    ],
  },
});
