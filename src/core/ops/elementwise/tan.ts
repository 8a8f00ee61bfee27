import { type UnaryOp, unaryOp } from '../unary';

export const tan: UnaryOp<'tan'> = unaryOp('tan', {
  doc: 'tan(x) — the tangent elementwise',
  f64: Math.tan,
  tfjs: {
    forward: (tf, x) => tf.tan(x),
    gradient: (tf, dy, _x, y) => tf.mul(dy, tf.add(1, tf.square(y))),
  },
  // tan′ = 1 + tan²
  symbolic: { derivative: (x, y) => x.add(x.num(1), x.pow(y, 2)) },
  kinks: [],
  print: { text: 'tan', latex: '\\tan', numpy: (a) => `np.tan(${a})` },
  spellings: {
    python: ['numpy.tan', 'math.tan', 'torch.tan', 'tensorflow.tan', 'tensorflow.math.tan'],
    methods: ['tan'],
    math: ['tan'],
    latex: ['tan'],
  },
});
