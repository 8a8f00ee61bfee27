import type { Tensor } from '@tensorflow/tfjs-core';
import { asFloat, asType, common, tfDtype } from './dtype';
import type { Tf } from './tf';
import type { TfKernel, TfKernelContext, TfKernelTable } from './types';

const unary = (f: (tf: Tf, x: Tensor) => Tensor): TfKernel => ([x], ctx) => f(ctx.tf, asFloat(ctx.tf, x));

const binary = (f: (tf: Tf, a: Tensor, b: Tensor) => Tensor): TfKernel => ([a, b], ctx) => {
  const [x, y] = common(ctx.tf, a, b, ctx.node.dtype);
  return f(ctx.tf, x, y);
};

/** A constant exponent of 2 becomes a square: cheaper, and its gradient needs no log. */
function pow([a, b]: Tensor[], ctx: TfKernelContext): Tensor {
  const exponent = ctx.inputNodes[1];
  if (exponent.op === 'const' && exponent.attrs.value === 2) return ctx.tf.square(asFloat(ctx.tf, a));
  const [x, y] = common(ctx.tf, a, b, ctx.node.dtype);
  return ctx.tf.pow(x, y);
}

function where([c, a, b]: Tensor[], ctx: TfKernelContext): Tensor {
  const { tf, shape } = ctx;
  const [x, y] = common(tf, a, b, ctx.node.dtype);
  return tf.where(tf.broadcastTo(asType(tf, c, 'bool'), shape), tf.broadcastTo(x, shape), tf.broadcastTo(y, shape));
}

const like = (value: number): TfKernel => ([x], ctx) => ctx.tf.fill(x.shape, value, tfDtype(ctx.node.dtype));

export const ELEMENTWISE: TfKernelTable = {
  neg: ([x], ctx) => ctx.tf.neg(x.dtype === 'bool' ? asType(ctx.tf, x, 'int32') : x),
  exp: unary((tf, x) => tf.exp(x)),
  log: unary((tf, x) => tf.log(x)),
  sqrt: unary((tf, x) => tf.sqrt(x)),
  tanh: unary((tf, x) => tf.tanh(x)),
  sigmoid: unary((tf, x) => tf.sigmoid(x)),
  relu: unary((tf, x) => tf.relu(x)),
  abs: ([x], ctx) => ctx.tf.abs(x),
  square: ([x], ctx) => ctx.tf.square(x),
  copy: ([x], ctx) => ctx.tf.clone(x),
  zeros_like: like(0),
  ones_like: like(1),

  add: binary((tf, a, b) => tf.add(a, b)),
  sub: binary((tf, a, b) => tf.sub(a, b)),
  mul: binary((tf, a, b) => tf.mul(a, b)),
  div: ([a, b], ctx) => ctx.tf.div(asFloat(ctx.tf, a), asFloat(ctx.tf, b)),
  pow,
  maximum: binary((tf, a, b) => tf.maximum(a, b)),
  minimum: binary((tf, a, b) => tf.minimum(a, b)),
  gt: binary((tf, a, b) => tf.greater(a, b)),
  ge: binary((tf, a, b) => tf.greaterEqual(a, b)),
  lt: binary((tf, a, b) => tf.less(a, b)),
  le: binary((tf, a, b) => tf.lessEqual(a, b)),
  eq: binary((tf, a, b) => tf.equal(a, b)),
  where,
};
