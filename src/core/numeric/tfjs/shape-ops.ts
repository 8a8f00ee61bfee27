import type { Tensor } from '@tensorflow/tfjs-core';
import { normAxis, sizeOf } from '../tensor';
import { asType } from './dtype';
import type { TfKernelContext, TfKernelTable } from './types';

function reshape([x]: Tensor[], ctx: TfKernelContext): Tensor {
  let shape = ctx.shape;
  if (sizeOf(shape) !== x.size) {
    const raw = Array.isArray(ctx.node.attrs.shape) ? (ctx.node.attrs.shape as (number | string)[]) : [];
    shape = raw.map((d) => (d === -1 ? -1 : ctx.env.dim(d)));
  }
  return ctx.tf.reshape(x, shape);
}

function flatten([x]: Tensor[], ctx: TfKernelContext): Tensor {
  if (x.rank === 0) return ctx.tf.reshape(x, [1]);
  const start = normAxis(typeof ctx.node.attrs.start_dim === 'number' ? ctx.node.attrs.start_dim : 1, x.rank);
  const end = normAxis(typeof ctx.node.attrs.end_dim === 'number' ? ctx.node.attrs.end_dim : -1, x.rank);
  return ctx.tf.reshape(x, [...x.shape.slice(0, start), sizeOf(x.shape.slice(start, end + 1)), ...x.shape.slice(end + 1)]);
}

function squeeze([x]: Tensor[], ctx: TfKernelContext): Tensor {
  const a = ctx.node.attrs.axis;
  const shape = typeof a === 'number' ? x.shape.filter((_, i) => i !== normAxis(a, x.rank)) : x.shape.filter((d) => d !== 1);
  return ctx.tf.reshape(x, shape);
}

function concat(inputs: Tensor[], ctx: TfKernelContext): Tensor {
  const dtype = inputs.some((t) => t.dtype === 'float32') || ctx.node.dtype === 'float' ? 'float32' : 'int32';
  const axis = normAxis(typeof ctx.node.attrs.axis === 'number' ? ctx.node.attrs.axis : 0, inputs[0].rank);
  return ctx.tf.concat(inputs.map((t) => asType(ctx.tf, t, dtype)), axis);
}

export const SHAPE_OPS: TfKernelTable = {
  reshape,
  flatten,
  expand_dims: ([x], ctx) => ctx.tf.expandDims(x, typeof ctx.node.attrs.axis === 'number' ? normAxis(ctx.node.attrs.axis, x.rank + 1) : 0),
  squeeze,
  concat,
};
