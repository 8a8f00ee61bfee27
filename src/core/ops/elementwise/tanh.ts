import { type UnaryOp, unaryOp } from '../unary';

export const tanh: UnaryOp<'tanh'> = unaryOp('tanh', {
  doc: 'tanh(x) — the hyperbolic tangent elementwise',
  f64: Math.tanh,
  tfjs: {
    forward: (tf, x) => tf.tanh(x),
    gradient: (tf, dy, _x, y) => tf.mul(dy, tf.sub(1, tf.square(y))),
  },
  // d tanh A = (1 − H ⊙ H) ⊙ dA with H = tanh A
  symbolic: { derivative: (x, y) => x.sub(x.num(1), x.pow(y, 2)) },
  kinks: [],
  print: { text: 'tanh', latex: '\\tanh', numpy: (a) => `np.tanh(${a})` },
  spellings: {
    python: ['numpy.tanh', 'math.tanh', 'torch.tanh', 'tensorflow.tanh', 'tensorflow.math.tanh', 'tensorflow.nn.tanh', 'torch.nn.functional.tanh'],
    methods: ['tanh'],
    layers: [{ qualified: 'torch.nn.Tanh', params: '', stem: 'tanh' }],
    activations: ['tanh'],
    math: ['tanh'],
    latex: ['tanh'],
  },
});
