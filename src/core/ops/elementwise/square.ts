import { node } from '../../jacobian/term';
import { pointwise } from '../../jacobian/rules/types';
import { mapUnary } from '../../numeric/f64/broadcast';
import { asFloat32 } from '../../numeric/tfjs/gradients/broadcast';
import { unaryGradient } from '../../numeric/tfjs/gradients/elementwise';
import { sameShape } from '../../shapes/rules/elementwise';
import { type OpModule, opModule } from '../op';

/**
 * x². A module of the general kind rather than a UnaryOp: it keeps integers, and the
 * matrix calculus reads it as the power A², whose rule it already has.
 */
export const square: OpModule<'square'> = opModule('square', {
  doc: 'square(x) — x² elementwise',
  signature: { params: ['x'], tensors: 1, shape: sameShape },
  f64: ([x]) => mapUnary(x, (v) => v * v),
  tfjs: ([x], ctx) => ctx.tf.square(x),
  tfjsGradients: [unaryGradient('Square', (tf, dy, x) => tf.mul(dy, tf.mul(asFloat32(tf, x), 2)))],
  // J = Diag(2 vec X).
  jacobian: { wrt: (ctx) => pointwise(ctx, 0, [node(ctx.node.inputs[0])], 2) },
  symbolic: { read: (x, _node, input) => x.pow(input(0), 2) },
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.square', 'torch.square', 'tensorflow.square', 'tensorflow.math.square'], params: 'x' }],
    methods: [{ names: ['square'], params: 'x' }],
    math: [{ names: ['square'] }],
  },
});
