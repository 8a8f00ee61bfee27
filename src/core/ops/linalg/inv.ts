import { node, tensor, term } from '../../jacobian/term';
import { perMatrix } from '../../numeric/f64/linalg';
import { luDecompose, luInverse } from '../../numeric/f64/lu';
import type { F64Tensor } from '../../numeric/tensor';
import { invOp } from '../../numeric/tfjs/custom/lu';
import { asFloat } from '../../numeric/tfjs/dtype';
import { inv as invShape } from '../../shapes/rules/linalg';
import { type OpModule, opModule } from '../op';

function f64Inv([x]: F64Tensor[]): F64Tensor {
  const data = new Float64Array(x.data.length);
  perMatrix(x, 'inv', (off, n) => luInverse(luDecompose(x.data, n, off), n, data, off));
  return { shape: [...x.shape], data };
}

export const inv: OpModule<'inv'> = opModule('inv', {
  doc: 'inv(x) — the inverse of each square matrix, by LU decomposition',
  signature: { params: ['x'], tensors: 1, shape: invShape },
  f64: f64Inv,
  tfjs: ([x], { tf }) => invOp(tf, asFloat(tf, x)),
  // d(X⁻¹) = −X⁻¹ dX X⁻¹: ∂Y[a,b]/∂X[c,d] = −Y[a,c]·Y[d,b] (column-major −Yᵀ ⊗ Y).
  jacobian: {
    wrt: (ctx) => {
      if (ctx.shapes[0].length !== 2) return 'unsupported';
      const [o0, o1] = ctx.out;
      const [i0, i1] = ctx.in[0];
      const y = ctx.node.id;
      return [term([...tensor(node(y), [o0, i0]), ...tensor(node(y), [i1, o1])], -1)];
    },
  },
  symbolic: { read: (x, _node, input) => x.inv(input(0)) },
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.linalg.inv', 'torch.inverse', 'torch.linalg.inv', 'tensorflow.linalg.inv', 'tensorflow.matrix_inverse'], params: 'x' }],
    // A^{-1} and A⁻¹ are the parser's postfix operators; inv(A) is the name some notes write.
    math: [{ names: ['inv'] }],
  },
});
