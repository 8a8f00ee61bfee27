import type { Tensor } from '@tensorflow/tfjs-core';
import { reductionAxes } from '../f64/reduce';
import { normAxis } from '../tensor';
import { asFloat, asType } from './dtype';
import type { TfKernel, TfKernelContext, TfKernelTable } from './types';

function axesOf(x: Tensor, ctx: TfKernelContext): number[] {
  return reductionAxes(ctx.node.attrs.axis, x.rank);
}

const reducer = (f: (ctx: TfKernelContext, x: Tensor, axes: number[], keep: boolean) => Tensor, float = false): TfKernel => ([x], ctx) => {
  const t = float ? asFloat(ctx.tf, x) : x.dtype === 'bool' ? asType(ctx.tf, x, 'int32') : x;
  const axes = axesOf(t, ctx);
  const keep = ctx.node.attrs.keepdims === true;
  if (axes.length === 0) return ctx.tf.clone(t);
  return f(ctx, t, axes, keep);
};

function argmax([x]: Tensor[], ctx: TfKernelContext): Tensor {
  const { tf } = ctx;
  const a = ctx.node.attrs.axis;
  const keep = ctx.node.attrs.keepdims === true;
  if (a === null || a === undefined) {
    const flat = tf.argMax(tf.reshape(x, [-1]), 0);
    return keep ? tf.reshape(flat, x.shape.map(() => 1)) : flat;
  }
  const axis = normAxis(a as number, x.rank);
  const r = tf.argMax(x, axis);
  return keep ? tf.expandDims(r, axis) : r;
}

export const REDUCE: TfKernelTable = {
  sum: reducer(({ tf }, x, axes, keep) => tf.sum(x, axes, keep)),
  mean: reducer(({ tf }, x, axes, keep) => tf.mean(x, axes, keep), true),
  max: reducer(({ tf }, x, axes, keep) => tf.max(x, axes, keep)),
  min: reducer(({ tf }, x, axes, keep) => tf.min(x, axes, keep)),
  logsumexp: reducer(({ tf }, x, axes, keep) => tf.logSumExp(x, axes, keep), true),
  argmax,
};
