import { type UnaryOp, unaryOp } from '../unary';

export const cos: UnaryOp<'cos'> = unaryOp('cos', {
  doc: 'cos(x) — the cosine elementwise',
  f64: Math.cos,
  tfjs: {
    forward: (tf, x) => tf.cos(x),
    gradient: (tf, dy, x) => tf.neg(tf.mul(dy, tf.sin(x))),
  },
  symbolic: { derivative: (x, _y, a) => x.neg(x.fn('sin', a)) },
  kinks: [],
  print: { text: 'cos', latex: '\\cos', numpy: (a) => `np.cos(${a})` },
  spellings: {
    python: ['numpy.cos', 'math.cos', 'torch.cos', 'tensorflow.cos', 'tensorflow.math.cos'],
    methods: ['cos'],
    math: ['cos'],
    latex: ['cos'],
  },
});
