import { type UnaryOp, unaryOp } from '../unary';

export const log: UnaryOp<'log'> = unaryOp('log', {
  doc: 'log(x) — the natural logarithm elementwise',
  domain: 'positive',
  f64: Math.log,
  tfjs: {
    forward: (tf, x) => tf.log(x),
    gradient: (tf, dy, x) => tf.div(dy, x),
  },
  // d log A = dA ⊘ A
  symbolic: {
    derivative: (x, _y, a) => x.pow(a, -1),
    times: (x, g, _y, a) => x.div(g, a),
  },
  kinks: [],
  print: { text: 'log', latex: '\\log', numpy: (a) => `np.log(${a})` },
  spellings: {
    python: ['numpy.log', 'math.log', 'torch.log', 'tensorflow.log', 'tensorflow.math.log'],
    methods: ['log'],
    math: ['log', 'ln'],
    latex: ['log', 'ln'],
  },
});
