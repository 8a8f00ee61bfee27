import type { KernelContext } from '../../numeric/f64/types';
import { type F64Tensor, normAxis } from '../../numeric/tensor';
import { expandDims as expandDimsShape } from '../../shapes/rules/reshape';
import { type OpModule, opModule } from '../op';
import { viewSymbolic, viewWrt } from './view';

function f64ExpandDims([x]: F64Tensor[], ctx: KernelContext): F64Tensor {
  const axis = normAxis(typeof ctx.node.attrs.axis === 'number' ? ctx.node.attrs.axis : 0, x.shape.length + 1);
  const shape = [...x.shape];
  shape.splice(axis, 0, 1);
  return { shape, data: x.data };
}

export const expand_dims: OpModule<'expand_dims'> = opModule('expand_dims', {
  doc: 'expand_dims(x, axis) — a new axis of size 1 (unsqueeze)',
  signature: { params: ['x', 'axis'], tensors: 1, shape: expandDimsShape },
  f64: f64ExpandDims,
  tfjs: ([x], ctx) => ctx.tf.expandDims(x, typeof ctx.node.attrs.axis === 'number' ? normAxis(ctx.node.attrs.axis, x.rank + 1) : 0),
  jacobian: { wrt: viewWrt },
  symbolic: viewSymbolic,
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.expand_dims', 'torch.unsqueeze', 'tensorflow.expand_dims'], params: 'x, axis' }],
    methods: [{ names: ['unsqueeze'], params: 'x, axis' }],
  },
});
