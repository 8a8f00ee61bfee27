import { type UnaryOp, unaryOp } from '../unary';

export const abs: UnaryOp<'abs'> = unaryOp('abs', {
  doc: 'abs(x) — |x| elementwise',
  keepsDtype: true,
  f64: Math.abs,
  tfjs: {
    forward: (tf, x) => tf.abs(x),
    gradient: (tf, dy, x) => tf.mul(dy, tf.sign(x)),
  },
  // d|A| = sign(A) ⊙ dA, with the kink at 0 taken as 0.
  symbolic: { derivative: (x, _y, a) => x.fn('sign', a) },
  kinks: [0],
  print: { text: 'abs', latex: '\\operatorname{abs}', numpy: (a) => `np.abs(${a})` },
  spellings: {
    python: ['numpy.abs', 'numpy.absolute', 'torch.abs', 'tensorflow.abs', 'tensorflow.math.abs', 'builtins.abs', 'math.fabs'],
    methods: ['abs'],
    math: ['abs'],
  },
});
