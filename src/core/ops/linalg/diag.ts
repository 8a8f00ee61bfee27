import type { Tensor } from '@tensorflow/tfjs-core';
import { sym } from '../../jacobian/formula';
import { delta, term } from '../../jacobian/term';
import type { F64Tensor } from '../../numeric/tensor';
import { asFloat } from '../../numeric/tfjs/dtype';
import type { TfKernelContext } from '../../numeric/tfjs/types';
import { diag as diagShape } from '../../shapes/rules/linalg';
import { type OpModule, opModule } from '../op';

/** np.diag: a vector becomes a diagonal matrix, a matrix gives its diagonal. */
function f64Diag([x]: F64Tensor[]): F64Tensor {
  if (x.shape.length === 1) {
    const n = x.shape[0];
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) data[i * n + i] = x.data[i];
    return { shape: [n, n], data };
  }
  if (x.shape.length === 2) {
    const [r, c] = x.shape;
    const n = Math.min(r, c);
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = x.data[i * c + i];
    return { shape: [n], data };
  }
  throw new Error(`diag needs a vector or a matrix, got rank ${x.shape.length}`);
}

/** np.diag through products with the identity, so that the gradient is plain broadcasting. */
function tfDiag([x0]: Tensor[], ctx: TfKernelContext): Tensor {
  const { tf } = ctx;
  const x = asFloat(tf, x0);
  if (x.rank === 1) return tf.mul(tf.eye(x.shape[0]), tf.reshape(x, [1, x.shape[0]]));
  const [r, c] = x.shape;
  const n = Math.min(r, c);
  const square = r === c ? x : tf.slice(x, [0, 0], [n, n]);
  return tf.sum(tf.mul(square, tf.eye(n)), 1);
}

export const diag: OpModule<'diag'> = opModule('diag', {
  doc: 'diag(x) — vector to diagonal matrix, matrix to its diagonal',
  signature: { params: ['x'], tensors: 1, shape: diagShape },
  f64: f64Diag,
  tfjs: tfDiag,
  // Vector → diagonal matrix, or square matrix → its diagonal: a selection.
  jacobian: {
    wrt: (ctx) => {
      const s = ctx.shapes[0];
      if (s.length === 1) return [term([...delta(ctx.out[0], ctx.in[0][0]), ...delta(ctx.out[1], ctx.in[0][0])])];
      if (s.length === 2 && s[0] === s[1]) return [term([...delta(ctx.out[0], ctx.in[0][0]), ...delta(ctx.out[0], ctx.in[0][1])])];
      return 'unsupported';
    },
    // vec Diag(x) = Σᵢ (eᵢ ⊗ eᵢ) eᵢᵀ x; diag(X) selects the same entries back.
    explicit: (ctx) => (ctx.shapes[0].length === 1 ? { structure: 'sparse', formula: sym('Σᵢ (eᵢ ⊗ eᵢ)eᵢᵀ', '\\sum_i (e_i \\otimes e_i) e_i^\\top') } : { structure: 'sparse', formula: sym('Σᵢ eᵢ(eᵢ ⊗ eᵢ)ᵀ', '\\sum_i e_i (e_i \\otimes e_i)^\\top') }),
  },
  symbolic: { read: (x, _node, input, cx) => (cx.inputNode(0).shape.length === 1 ? x.Diag(input(0)) : x.diag(input(0))) },
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.diag', 'numpy.diagonal', 'torch.diag', 'tensorflow.linalg.diag', 'tensorflow.diag', 'tensorflow.linalg.diag_part'], params: 'x' }],
    // diag(X) as NumPy reads it; Diag(x) of the matrix-calculus texts is always the diagonal matrix of x's entries.
    math: [
      { names: ['diag'], latex: ['diag'] },
      { names: ['Diag'], latex: ['Diag'], flattens: true },
    ],
  },
});
