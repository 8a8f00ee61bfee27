import { delta, node, tensor, term } from '../../jacobian/term';
import type { F64Tensor } from '../../numeric/tensor';
import { asFloat } from '../../numeric/tfjs/dtype';
import { outer as outerShape } from '../../shapes/rules/linalg';
import { type OpModule, opModule } from '../op';

function f64Outer([a, b]: F64Tensor[]): F64Tensor {
  const m = a.data.length;
  const n = b.data.length;
  const data = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[i * n + j] = a.data[i] * b.data[j];
  return { shape: [m, n], data };
}

export const outer: OpModule<'outer'> = opModule('outer', {
  doc: 'outer(a, b) — a bᵀ of the flattened operands',
  signature: { params: ['a', 'b'], tensors: 2, shape: outerShape },
  f64: f64Outer,
  tfjs: ([a, b], { tf }) => tf.mul(tf.reshape(asFloat(tf, a), [-1, 1]), tf.reshape(asFloat(tf, b), [1, -1])),
  // outer(a, b) = a bᵀ for vectors.
  jacobian: {
    wrt: (ctx, k) => {
      if (ctx.shapes.some((s) => s.length !== 1)) return 'unsupported';
      const [a, b] = ctx.node.inputs;
      return k === 0 ? [term([...delta(ctx.out[0], ctx.in[0][0]), ...tensor(node(b), [ctx.out[1]])])] : [term([...delta(ctx.out[1], ctx.in[1][0]), ...tensor(node(a), [ctx.out[0]])])];
    },
  },
  symbolic: { read: (x, _node, input) => x.matmul(input(0), x.transpose(input(1))) },
  kinks: null,
  spellings: { python: [{ names: ['numpy.outer', 'torch.outer', 'torch.ger'], params: 'a, b' }] },
});
