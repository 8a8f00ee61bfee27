import type { GradSaveFunc, Tensor } from '@tensorflow/tfjs-core';
import { paramOf, type UnaryOp, unaryTable } from '../../ops/index';
import { asFloat } from './dtype';
import type { TfKernel, TfKernelTable } from './types';

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

export const ELEMENTWISE: TfKernelTable = {
  ...unaryTable(unaryKernel),
};
