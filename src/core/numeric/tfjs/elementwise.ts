import type { GradSaveFunc, Tensor } from '@tensorflow/tfjs-core';
import { paramOf, type UnaryOp, unaryTable } from '../../ops/index';
import { asFloat, asType, common, tfDtype } from './dtype';
import type { Tf } from './tf';
import type { TfKernel, TfKernelContext, TfKernelTable } from './types';

/**
 * An elementwise function's kernel, from its module: the module's forward with the module's
 * gradient attached (tf.customGrad), so the two sit side by side in one file.
 */
function unaryKernel(op: UnaryOp): TfKernel {
  return ([input], ctx) => {
    const { tf } = ctx;
    const p = paramOf(op, ctx.node.attrs);
    const x = op.keepsDtype ? input : asFloat(tf, input);
    if (x.dtype !== 'float32') return op.tfjs.forward(tf, x, p);
    const withGradient = tf.customGrad((t, save) => {
      const y = op.tfjs.forward(tf, t as Tensor, p);
      (save as GradSaveFunc)([t as Tensor, y]);
      return { value: y, gradFunc: (dy, [xs, ys]) => op.tfjs.gradient(tf, dy as Tensor, xs, ys, p) };
    });
    return withGradient(x) as Tensor;
  };
}

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
  ...unaryTable(unaryKernel),
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
