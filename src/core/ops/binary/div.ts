import { node } from '../../jacobian/term';
import { pointwise } from '../../jacobian/rules/types';
import { asFloat } from '../../numeric/tfjs/dtype';
import { broadcastGradient } from '../../numeric/tfjs/gradients/broadcast';
import { floatBinary } from '../../shapes/rules/elementwise';
import { type OpModule, opModule } from '../op';
import { broadcastSignature, f64Arithmetic, readArithmetic } from './broadcast';

export const div: OpModule<'div'> = opModule('div', {
  doc: 'div(a, b) — a ⊘ b elementwise, with broadcasting, always a float; kwarg floor=True (const) for Python `//`',
  signature: broadcastSignature('/', floatBinary),
  f64: f64Arithmetic('div'),
  tfjs: ([a, b], ctx) => ctx.tf.div(asFloat(ctx.tf, a), asFloat(ctx.tf, b)),
  tfjsGradients: [broadcastGradient('RealDiv', (tf, dy, a, b) => [tf.div(dy, b), tf.neg(tf.div(tf.mul(dy, a), tf.square(b)))])],
  jacobian: {
    wrt: (ctx, k) => {
      const [a, b] = ctx.node.inputs;
      return k === 0 ? pointwise(ctx, 0, [node(b, -1)]) : pointwise(ctx, 1, [node(a), node(b, -2)], -1);
    },
  },
  symbolic: readArithmetic('div'),
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.divide', 'numpy.true_divide', 'torch.div', 'torch.divide', 'tensorflow.divide', 'tensorflow.math.divide', 'tensorflow.realdiv'], params: 'a, b' }],
    methods: [{ names: ['div'], params: 'x, y' }],
  },
});
