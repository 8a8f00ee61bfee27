import type { Tensor } from '@tensorflow/tfjs-core';
import { sym, transpose } from '../../jacobian/formula';
import { formatSize } from '../../jacobian/sizes';
import { delta, term } from '../../jacobian/term';
import { perMatrix } from '../../numeric/f64/linalg';
import type { F64Tensor } from '../../numeric/tensor';
import { asFloat } from '../../numeric/tfjs/dtype';
import type { TfKernelContext } from '../../numeric/tfjs/types';
import { trace as traceShape } from '../../shapes/rules/linalg';
import { type OpModule, opModule } from '../op';

function f64Trace([x]: F64Tensor[]): F64Tensor {
  const out: number[] = [];
  const { batch } = perMatrix(x, 'trace', (off, n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x.data[off + i * n + i];
    out.push(s);
  });
  return { shape: batch, data: Float64Array.from(out) };
}

/** The sum of X ⊙ I over each matrix, so that the gradient is plain broadcasting. */
function tfTrace([x]: Tensor[], ctx: TfKernelContext): Tensor {
  const n = x.shape[x.rank - 1];
  return ctx.tf.sum(ctx.tf.mul(asFloat(ctx.tf, x), ctx.tf.eye(n)), [x.rank - 2, x.rank - 1]);
}

export const trace: OpModule<'trace'> = opModule('trace', {
  doc: 'trace(x) — the sum of the diagonal of each square matrix; tr in math',
  signature: { params: ['x'], tensors: 1, shape: traceShape },
  f64: f64Trace,
  tfjs: tfTrace,
  // ∂tr X/∂X[c,d] = δ(c,d): a row holding vec(I).
  jacobian: {
    wrt: (ctx) => {
      if (ctx.shapes[0].length !== 2) return 'unsupported';
      return [term(delta(ctx.in[0][0], ctx.in[0][1]))];
    },
    explicit: (ctx) => ({ structure: 'sparse', formula: transpose(sym(`vec I_${formatSize(ctx.shapes[0][0])}`, `\\operatorname{vec} I_{${formatSize(ctx.shapes[0][0])}}`)) }),
  },
  symbolic: { read: (x, _node, input) => x.trace(input(0)) },
  kinks: null,
  spellings: { python: [{ names: ['numpy.trace', 'torch.trace', 'tensorflow.linalg.trace', 'tensorflow.trace'], params: 'x' }] },
});
