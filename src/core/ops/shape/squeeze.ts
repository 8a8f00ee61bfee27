import type { Tensor } from '@tensorflow/tfjs-core';
import type { KernelContext } from '../../numeric/f64/types';
import { type F64Tensor, normAxis } from '../../numeric/tensor';
import type { TfKernelContext } from '../../numeric/tfjs/types';
import { squeeze as squeezeShape } from '../../shapes/rules/reshape';
import { type OpModule, opModule } from '../op';
import { viewSymbolic, viewWrt } from './view';

function f64Squeeze([x]: F64Tensor[], ctx: KernelContext): F64Tensor {
  const a = ctx.node.attrs.axis;
  if (typeof a === 'number') {
    const axis = normAxis(a, x.shape.length);
    if (x.shape[axis] !== 1) throw new Error(`cannot squeeze axis ${a} of size ${x.shape[axis]}`);
    return { shape: x.shape.filter((_, i) => i !== axis), data: x.data };
  }
  return { shape: x.shape.filter((d) => d !== 1), data: x.data };
}

function tfSqueeze([x]: Tensor[], ctx: TfKernelContext): Tensor {
  const a = ctx.node.attrs.axis;
  const shape = typeof a === 'number' ? x.shape.filter((_, i) => i !== normAxis(a, x.rank)) : x.shape.filter((d) => d !== 1);
  return ctx.tf.reshape(x, shape);
}

export const squeeze: OpModule<'squeeze'> = opModule('squeeze', {
  doc: 'squeeze(x, axis?) — the axis given, or every axis, of size 1 removed',
  signature: { params: ['x', 'axis'], tensors: 1, shape: squeezeShape, defaults: { axis: null } },
  f64: f64Squeeze,
  tfjs: tfSqueeze,
  jacobian: { wrt: viewWrt },
  symbolic: viewSymbolic,
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.squeeze', 'torch.squeeze', 'tensorflow.squeeze'], params: 'x, axis=' }],
    methods: [{ names: ['squeeze'], params: 'x, axis=' }],
  },
});
