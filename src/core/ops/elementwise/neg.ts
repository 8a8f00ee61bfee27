import { pointwise } from '../../jacobian/rules/types';
import { mapUnary } from '../../numeric/f64/broadcast';
import { asType } from '../../numeric/tfjs/dtype';
import { unaryGradient } from '../../numeric/tfjs/gradients/elementwise';
import { sameShape } from '../../shapes/rules/elementwise';
import { type OpModule, opModule } from '../op';

/**
 * −x. A module of the general kind rather than a UnaryOp: it keeps integers (and makes
 * booleans integers), and the matrix calculus has negation as its own node, not a
 * function applied elementwise.
 */
export const neg: OpModule<'neg'> = opModule('neg', {
  doc: 'neg(x) — −x elementwise',
  signature: { params: ['x'], tensors: 1, shape: sameShape, label: 'unary -' },
  f64: ([x]) => mapUnary(x, (v) => -v),
  tfjs: ([x], ctx) => ctx.tf.neg(x.dtype === 'bool' ? asType(ctx.tf, x, 'int32') : x),
  tfjsGradients: [unaryGradient('Neg', (tf, dy) => tf.neg(dy))],
  // J = −I.
  jacobian: { wrt: (ctx) => pointwise(ctx, 0, [], -1) },
  symbolic: { read: (x, _node, input) => x.neg(input(0)) },
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.negative', 'torch.neg', 'torch.negative', 'tensorflow.negative', 'tensorflow.math.negative'], params: 'x' }],
    methods: [{ names: ['neg'], params: 'x' }],
  },
});
