import type { Tensor } from '@tensorflow/tfjs-core';
import { expr, pointwise } from '../../jacobian/rules/types';
import { broadcastMap } from '../../numeric/index-plan';
import { broadcastShape } from '../../numeric/f64/broadcast';
import type { F64Tensor } from '../../numeric/tensor';
import { sizeOf } from '../../numeric/tensor';
import { asType, common } from '../../numeric/tfjs/dtype';
import type { TfKernelContext } from '../../numeric/tfjs/types';
import { where as whereShape } from '../../shapes/rules/elementwise';
import { type OpModule, opModule } from '../op';

const v = (id: number) => `{n:${id}}`;

function f64Where([c, a, b]: F64Tensor[]): F64Tensor {
  const shape = broadcastShape(broadcastShape(c.shape, a.shape), b.shape);
  const n = sizeOf(shape);
  const mc = broadcastMap(c.shape, shape);
  const ma = broadcastMap(a.shape, shape);
  const mb = broadcastMap(b.shape, shape);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = c.data[mc[i]] ? a.data[ma[i]] : b.data[mb[i]];
  return { shape, data };
}

function tfWhere([c, a, b]: Tensor[], ctx: TfKernelContext): Tensor {
  const { tf, shape } = ctx;
  const [x, y] = common(tf, a, b, ctx.node.dtype);
  return tf.where(tf.broadcastTo(asType(tf, c, 'bool'), shape), tf.broadcastTo(x, shape), tf.broadcastTo(y, shape));
}

export const where: OpModule<'where'> = opModule('where', {
  doc: 'where(cond, a, b) — a where cond holds, else b, elementwise with broadcasting',
  signature: { params: ['cond', 'a', 'b'], tensors: 3, shape: whereShape },
  f64: f64Where,
  tfjs: tfWhere,
  tfjsGradients: [
    (tf) => ({
      kernelName: 'Select',
      inputsToSave: ['condition'],
      gradFunc: (dy, saved) => {
        const c = tf.cast(saved[0], 'float32');
        const g = dy as Tensor;
        return { condition: () => tf.zerosLike(c), t: () => tf.mul(g, c), e: () => tf.mul(g, tf.sub(1, c)) };
      },
    }),
  ],
  // The mask picks the operand; the condition itself has zero derivative.
  jacobian: {
    wrt: (ctx, k) => {
      const c = ctx.node.inputs[0];
      if (k === 0) return [];
      return pointwise(ctx, k, [expr(c, k === 1 ? 'mask' : 'not-mask', k === 1 ? `1[${v(c)}]` : `1[¬${v(c)}]`, k === 1 ? `\\mathbb{1}[${v(c)}]` : `\\mathbb{1}[\\lnot ${v(c)}]`)]);
    },
  },
  symbolic: { unsupported: 'where selects by a mask, which matrix calculus here does not write; Check Gradients differentiates it numerically' },
  kinks: null,
  spellings: { python: [{ names: ['numpy.where', 'torch.where', 'tensorflow.where'], params: 'cond, a, b' }] },
});
