import type { Tensor } from '@tensorflow/tfjs-core';
import { delta, term } from '../../jacobian/term';
import { transpose as f64Transpose } from '../../numeric/f64/linalg';
import type { TfKernelContext } from '../../numeric/tfjs/types';
import { transpose as transposeShape } from '../../shapes/rules/linalg';
import { type OpModule, opModule } from '../op';

function tfTranspose([x]: Tensor[], ctx: TfKernelContext): Tensor {
  const perm = ctx.node.attrs.perm;
  return ctx.tf.transpose(x, Array.isArray(perm) ? (perm as number[]).map((p) => (p < 0 ? p + x.rank : p)) : undefined);
}

export const transpose: OpModule<'transpose'> = opModule('transpose', {
  doc: "transpose(x) — .T, .t(), ' and ^T in math: reverses the axes; transpose(x, perm) with kwarg perm: TupleExpr; kwarg swap=(d0, d1): TupleExpr exchanges two axes (torch.transpose, .transpose(d0, d1))",
  signature: { params: ['x', 'perm'], tensors: 1, shape: transposeShape, defaults: { perm: null } },
  f64: ([x], ctx) => f64Transpose(x, ctx.node.attrs.perm),
  // Its gradient (Transpose) is registered with the shape ops' (numeric/tfjs/gradients/shape.ts), which use it too.
  tfjs: tfTranspose,
  // Each output axis is tied to the input axis it came from.
  jacobian: {
    wrt: (ctx) => {
      const rank = ctx.shapes[0].length;
      const perm = (ctx.node.attrs.perm as number[] | null | undefined) ?? [...Array(rank).keys()].reverse();
      return [term(perm.flatMap((p, j) => delta(ctx.out[j], ctx.in[0][p < 0 ? p + rank : p])))];
    },
  },
  symbolic: {
    read: (x, node, input, cx) => {
      if (node.attrs.perm !== null && node.attrs.perm !== undefined) return cx.unsupported('a transpose with a permutation');
      return cx.inputNode(0).shape.length === 2 ? x.transpose(input(0)) : input(0);
    },
  },
  kinks: null,
  spellings: {
    // torch.transpose, permute and the .transpose method's forms are read by the front end (python/calls.ts).
    python: [
      { names: ['numpy.transpose', 'tensorflow.transpose'], params: 'x, axes=perm, perm=' },
      { names: ['torch.t'], params: 'x' },
    ],
    methods: [{ names: ['t'], params: 'x' }],
  },
});
