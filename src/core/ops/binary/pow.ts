import type { Tensor } from '@tensorflow/tfjs-core';
import { node } from '../../jacobian/term';
import { expr, pointwise } from '../../jacobian/rules/types';
import { asFloat, common } from '../../numeric/tfjs/dtype';
import { broadcastGradient } from '../../numeric/tfjs/gradients/broadcast';
import type { TfKernelContext } from '../../numeric/tfjs/types';
import { type OpModule, opModule } from '../op';
import { broadcastSignature, f64Broadcast } from './broadcast';

const v = (id: number) => `{n:${id}}`;

/** A constant exponent of 2 becomes a square: cheaper, and its gradient needs no log. */
function tfPow([a, b]: Tensor[], ctx: TfKernelContext): Tensor {
  const exponent = ctx.inputNodes[1];
  if (exponent.op === 'const' && exponent.attrs.value === 2) return ctx.tf.square(asFloat(ctx.tf, a));
  const [x, y] = common(ctx.tf, a, b, ctx.node.dtype);
  return ctx.tf.pow(x, y);
}

export const pow: OpModule<'pow'> = opModule('pow', {
  doc: 'pow(a, b) — a to the power b elementwise, with broadcasting (**, .^)',
  signature: broadcastSignature('**'),
  f64: f64Broadcast((a, b) => (b === 2 ? a * a : Math.pow(a, b))),
  tfjs: tfPow,
  tfjsGradients: [
    broadcastGradient('Pow', (tf, dy, a, b, y) => [
      tf.mul(dy, tf.mul(b, tf.pow(a, tf.sub(b, 1)))),
      tf.mul(dy, tf.mul(y, tf.where(tf.greater(a, 0), tf.log(tf.maximum(a, 1e-30)), tf.zerosLike(a)))),
    ]),
  ],
  jacobian: {
    wrt: (ctx, k) => {
      const [a, b] = ctx.node.inputs;
      const exponent = ctx.graph.nodes[b];
      if (k === 0 && exponent.op === 'const' && typeof exponent.attrs.value === 'number') {
        const p = exponent.attrs.value;
        return p === 0 ? [] : pointwise(ctx, 0, p === 1 ? [] : [node(a, p - 1)], p);
      }
      if (k === 0) return pointwise(ctx, 0, [expr(ctx.node.id, 'pow′a', `${v(b)} ⊙ ${v(a)}^(${v(b)} − 1)`, `${v(b)} \\odot ${v(a)}^{\\circ(${v(b)} - 1)}`)]);
      return pointwise(ctx, 1, [node(ctx.node.id), expr(a, 'log', `log ${v(a)}`, `\\log ${v(a)}`)]);
    },
  },
  symbolic: {
    read: (x, _node, input, cx) => {
      const exponent = cx.inputNode(1);
      if (exponent.op !== 'const' || typeof exponent.attrs.value !== 'number') return cx.unsupported('a power with a tensor exponent');
      return x.pow(input(0), exponent.attrs.value);
    },
  },
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.power', 'torch.pow', 'tensorflow.pow', 'tensorflow.math.pow'], params: 'a, b' }],
    methods: [{ names: ['pow'], params: 'x, y' }],
  },
});
