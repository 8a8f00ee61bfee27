import type { Tensor } from '@tensorflow/tfjs-core';
import { sym } from '../../jacobian/formula';
import { type SupportFn, term } from '../../jacobian/term';
import { mulDims } from '../../shapes/dim';
import type { ShapeRule } from '../../shapes/rules/types';
import { asRow } from '../binary/broadcast';
import { type OpModule, opModule } from '../op';
import { type Contraction, contractF64, contractTf } from './contraction';

/**
 * The Kronecker product, NumPy's: the operands padded with leading 1s to one rank, then
 * out[i·p + k, j·q + l, …] = a[i, j, …]·b[k, l, …] along every axis.
 */

/** Both shapes padded with leading 1s to the larger rank. */
function padded<T>(a: readonly T[], b: readonly T[], one: T): [T[], T[]] {
  const r = Math.max(a.length, b.length);
  return [[...Array(r - a.length).fill(one), ...a], [...Array(r - b.length).fill(one), ...b]];
}

/** The product as a contraction with no summed label: its axes a₀ b₀ a₁ b₁ …, merged pairwise afterwards. */
function interleaved(rank: number): Contraction {
  const a = Array.from({ length: rank }, (_, i) => `a${i}`);
  const b = Array.from({ length: rank }, (_, i) => `b${i}`);
  return { operands: [a, b], output: a.flatMap((l, i) => [l, b[i]]) };
}

const kronShape: ShapeRule = ([a, b]) => {
  const [as, bs] = padded(a.shape, b.shape, 1);
  return { shape: as.map((d, i) => mulDims(d, bs[i])), dtype: a.dtype === 'float' || b.dtype === 'float' ? 'float' : 'int' };
};

export const kron: OpModule<'kron'> = opModule('kron', {
  doc: 'kron(a, b) — the Kronecker product A ⊗ B: each entry of a times the whole of b, as a block',
  signature: { params: ['a', 'b'], tensors: 2, shape: kronShape },
  f64: ([a, b]) => {
    const [as, bs] = padded(a.shape, b.shape, 1);
    const blocks = contractF64(interleaved(as.length), [{ shape: as, data: a.data }, { shape: bs, data: b.data }]);
    return { shape: as.map((d, i) => d * bs[i]), data: blocks.data };
  },
  tfjs: ([a, b], ctx) => {
    const { tf } = ctx;
    const [as, bs] = padded(a.shape, b.shape, 1);
    const blocks = contractTf(tf, interleaved(as.length), [tf.reshape(a, as), tf.reshape(b, bs)]);
    return tf.reshape(blocks, as.map((d, i) => d * bs[i])) as Tensor;
  },
  jacobian: {
    // Output entry o reads a at ⌊o / size of b⌋ and b at o mod size of b, axis by axis.
    wrt: (ctx, k) => {
      const [as, bs] = padded(ctx.shapes[0], ctx.shapes[1], 1 as number | string);
      const lead = as.length - ctx.shapes[k].length;
      const support: SupportFn = (o, size) => [o.slice(lead).map((i, j) => (k === 0 ? Math.floor(i / size(bs[j + lead])) : i % size(bs[j + lead])))];
      const label = k === 0 ? { text: '∂(A ⊗ B)/∂A', latex: '\\partial (A \\otimes B) / \\partial A' } : { text: '∂(A ⊗ B)/∂B', latex: '\\partial (A \\otimes B) / \\partial B' };
      return [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[k]], outShape: [...ctx.node.shape], inShape: [...ctx.shapes[k]], support, label }])];
    },
    // vec(A ⊗ B) = (I_n ⊗ K_qm ⊗ I_p)(vec A ⊗ vec B) for A m×n and B p×q (column-major vec).
    explicit: (_ctx, k, vec) => {
      if (vec !== 'column-major') return { structure: 'sparse', formula: sym(k === 0 ? '∂vec(A ⊗ B)/∂vec A' : '∂vec(A ⊗ B)/∂vec B', k === 0 ? '\\partial \\operatorname{vec}(A \\otimes B) / \\partial \\operatorname{vec} A' : '\\partial \\operatorname{vec}(A \\otimes B) / \\partial \\operatorname{vec} B') };
      return k === 0
        ? { structure: 'sparse', formula: sym('(I ⊗ K ⊗ I)(I ⊗ vec B)', '(I \\otimes K \\otimes I)(I \\otimes \\operatorname{vec} B)') }
        : { structure: 'sparse', formula: sym('(I ⊗ K ⊗ I)(vec A ⊗ I)', '(I \\otimes K \\otimes I)(\\operatorname{vec} A \\otimes I)') };
    },
  },
  // A 1-D operand beside a matrix is padded to a row, as NumPy pads it with a leading 1.
  symbolic: { read: (x, _node, input, cx) => x.kron(asRow(x, input, cx, 0), asRow(x, input, cx, 1)) },
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.kron', 'torch.kron', 'tensorflow.experimental.numpy.kron'], params: 'a, b' }],
  },
});
