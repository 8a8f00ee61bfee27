import type { Tensor } from '@tensorflow/tfjs-core';
import { sym } from '../../jacobian/formula';
import { identityP } from '../../jacobian/identity';
import { formatSize } from '../../jacobian/sizes';
import type { KernelContext } from '../../numeric/f64/types';
import { type F64Tensor, sizeOf } from '../../numeric/tensor';
import type { TfKernelContext } from '../../numeric/tfjs/types';
import { productOf } from '../../shapes/dim';
import { reshape as reshapeShape } from '../../shapes/rules/reshape';
import { type OpModule, opModule } from '../op';
import { viewSymbolic, viewWrt } from './view';

/** The traced shape, unless a symbol took a default that does not fit: then `-1` is inferred again. */
function f64Reshape([x]: F64Tensor[], ctx: KernelContext): F64Tensor {
  let shape = ctx.shape;
  if (sizeOf(shape) !== x.data.length) {
    const raw = Array.isArray(ctx.node.attrs.shape) ? (ctx.node.attrs.shape as (number | string)[]) : [];
    const dims = raw.map((d) => (d === -1 ? -1 : ctx.env.dim(d)));
    const known = dims.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
    shape = dims.map((d) => (d === -1 ? x.data.length / known : d));
    if (!shape.every(Number.isInteger) || sizeOf(shape) !== x.data.length) throw new Error(`cannot reshape (${x.shape.join(', ')}) into (${raw.join(', ')})`);
  }
  // Views share their data: kernels never write into an input, so no copy is needed.
  return { shape: [...shape], data: x.data };
}

function tfReshape([x]: Tensor[], ctx: TfKernelContext): Tensor {
  let shape = ctx.shape;
  if (sizeOf(shape) !== x.size) {
    const raw = Array.isArray(ctx.node.attrs.shape) ? (ctx.node.attrs.shape as (number | string)[]) : [];
    shape = raw.map((d) => (d === -1 ? -1 : ctx.env.dim(d)));
  }
  return ctx.tf.reshape(x, shape);
}

export const reshape: OpModule<'reshape'> = opModule('reshape', {
  doc: 'reshape(x, shape) — shape a TupleExpr that may hold -1; .view, tf.reshape',
  signature: { params: ['x', 'shape'], tensors: 1, shape: reshapeShape },
  f64: f64Reshape,
  tfjs: tfReshape,
  jacobian: {
    wrt: viewWrt,
    explicit: (ctx, _k, vec) =>
      vec === 'row-major'
        ? { structure: 'diagonal', formula: identityP(formatSize(productOf(ctx.node.shape))) }
        : { structure: 'permutation', formula: sym('P_reshape', '\\Pi_{\\mathrm{reshape}}') },
  },
  symbolic: viewSymbolic,
  kinks: null,
  spellings: {
    python: [
      { names: ['numpy.reshape'], params: 'x, @newshape' },
      { names: ['torch.reshape', 'tensorflow.reshape'], params: 'x, @shape' },
    ],
    methods: [{ names: ['reshape', 'view'], params: 'x, *shape' }],
  },
});
