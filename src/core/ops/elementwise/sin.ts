import { type UnaryOp, unaryOp } from '../unary';

export const sin: UnaryOp<'sin'> = unaryOp('sin', {
  doc: 'sin(x) — the sine elementwise',
  f64: Math.sin,
  tfjs: {
    forward: (tf, x) => tf.sin(x),
    gradient: (tf, dy, x) => tf.mul(dy, tf.cos(x)),
  },
  symbolic: { derivative: (x, _y, a) => x.fn('cos', a) },
  kinks: [],
  print: { text: 'sin', latex: '\\sin', numpy: (a) => `np.sin(${a})` },
  spellings: {
    python: ['numpy.sin', 'math.sin', 'torch.sin', 'tensorflow.sin', 'tensorflow.math.sin'],
    methods: ['sin'],
    math: ['sin'],
    latex: ['sin'],
  },
});
