import { type UnaryOp, unaryOp } from '../unary';

export const sign: UnaryOp<'sign'> = unaryOp('sign', {
  doc: 'sign(x) — −1, 0 or 1 elementwise',
  keepsDtype: true,
  f64: (v) => (v > 0 ? 1 : v < 0 ? -1 : v),
  tfjs: {
    forward: (tf, x) => tf.sign(x),
    gradient: (tf, dy) => tf.zerosLike(dy),
  },
  // Piecewise constant: zero almost everywhere, and backprop takes 0 at the jump too.
  symbolic: { derivative: (x, y) => x.zeros(y.shape) },
  kinks: [0],
  print: { text: 'sign', latex: '\\operatorname{sign}', numpy: (a) => `np.sign(${a})` },
  spellings: {
    python: ['numpy.sign', 'torch.sign', 'tensorflow.sign', 'tensorflow.math.sign'],
    methods: ['sign'],
    math: ['sign', 'sgn'],
  },
});
