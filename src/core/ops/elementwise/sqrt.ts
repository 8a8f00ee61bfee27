import { type UnaryOp, unaryOp } from '../unary';

export const sqrt: UnaryOp<'sqrt'> = unaryOp('sqrt', {
  doc: 'sqrt(x) — the square root elementwise',
  domain: 'positive',
  f64: Math.sqrt,
  tfjs: {
    forward: (tf, x) => tf.sqrt(x),
    gradient: (tf, dy, _x, y) => tf.div(dy, tf.mul(y, 2)),
  },
  // d√A = dA ⊘ (2√A)
  symbolic: {
    derivative: (x, y) => x.mul(x.num(0.5), x.pow(y, -1)),
    times: (x, g, y) => x.div(g, x.mul(x.num(2), y)),
  },
  kinks: [],
  print: { text: 'sqrt', latex: '\\sqrt', numpy: (a) => `np.sqrt(${a})` },
  spellings: {
    python: ['numpy.sqrt', 'math.sqrt', 'torch.sqrt', 'tensorflow.sqrt', 'tensorflow.math.sqrt'],
    methods: ['sqrt'],
    math: ['sqrt'],
    latex: ['sqrt'],
  },
});
