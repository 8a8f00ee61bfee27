import type { Tensor } from '@tensorflow/tfjs-core';
import { expr, pointwise } from '../../jacobian/rules/types';
import type { F64Tensor } from '../../numeric/tensor';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';

/**
 * tril and triu: the lower or upper triangle of the last two axes, the rest zeroed. `k`
 * shifts the diagonal (k > 0 above it), as in NumPy and PyTorch (`diagonal=`).
 */
type Side = 'tril' | 'triu';

/** Whether element (i, j) of a matrix is kept. */
const keeps = (side: Side, k: number) => (side === 'tril' ? (i: number, j: number) => j - i <= k : (i: number, j: number) => j - i >= k);

/** 1 where kept, 0 elsewhere, for every element of a tensor of `shape` (row-major). */
function mask(shape: readonly number[], side: Side, k: number): Float64Array {
  const [rows, cols] = shape.slice(-2);
  const keep = keeps(side, k);
  const out = new Float64Array(shape.reduce((p, d) => p * d, 1));
  for (let e = 0; e < out.length; e++) {
    const j = e % cols;
    const i = Math.floor(e / cols) % rows;
    out[e] = keep(i, j) ? 1 : 0;
  }
  return out;
}

const atLeastMatrix = (side: Side): ShapeRule => ([x]) =>
  x.shape.length >= 2 ? { shape: [...x.shape], dtype: x.dtype === 'bool' ? 'float' : x.dtype } : fail(`${side} needs a matrix (or a batch of them), got ${x.shape.length} dimension${x.shape.length === 1 ? '' : 's'}`, [0]);

const diagonalOf = (attrs: Readonly<Record<string, unknown>>) => (typeof attrs.k === 'number' ? attrs.k : 0);

export function triangle<const Name extends Side>(side: Name): OpModule<Name> {
  const below = side === 'tril';
  return opModule(side, {
    doc: `${side}(x, k=0) — the ${below ? 'lower' : 'upper'} triangle of the last two axes (on and ${below ? 'below' : 'above'} diagonal k), zeros elsewhere`,
    signature: { params: ['x', 'k'], tensors: 1, shape: atLeastMatrix(side), defaults: { k: 0 } },
    f64: ([x]: F64Tensor[], ctx) => {
      const m = mask(x.shape, side, diagonalOf(ctx.node.attrs));
      return { shape: [...x.shape], data: x.data.map((v, e) => (m[e] ? v : 0)) };
    },
    // A product with a constant mask: its gradient is the same mask, through Multiply's.
    tfjs: ([x], ctx) => ctx.tf.mul(x, ctx.tf.tensor(Float32Array.from(mask(x.shape, side, diagonalOf(ctx.node.attrs))), x.shape, x.dtype === 'int32' ? 'int32' : 'float32')) as Tensor,
    jacobian: {
      wrt: (ctx) => {
        const k = diagonalOf(ctx.node.attrs);
        const rel = below ? '≤' : '≥';
        const text = `1[j − i ${rel} ${k}]`;
        return pointwise(ctx, 0, [expr(ctx.node.id, `${side}(${k})`, text, `\\mathbb{1}[j - i ${below ? '\\le' : '\\ge'} ${k}]`, undefined)]);
      },
    },
    symbolic: { unsupported: `${side} masks a triangle, which has no matrix-calculus form here; Check Gradients differentiates it numerically` },
    kinks: null,
    spellings: {
      python: [
        { names: [`numpy.${side}`], params: 'x, k=' },
        { names: [`torch.${side}`], params: 'x, diagonal=k' },
      ],
      methods: [{ names: [side], params: 'x, diagonal=k' }],
    },
  });
}
