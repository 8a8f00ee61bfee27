import { type UnaryOp, unaryOp } from '../unary';

export const exp: UnaryOp<'exp'> = unaryOp('exp', {
  doc: 'exp(x) — eˣ elementwise',
  f64: Math.exp,
  tfjs: {
    forward: (tf, x) => tf.exp(x),
    gradient: (tf, dy, _x, y) => tf.mul(dy, y),
  },
  // d eᴬ = eᴬ ⊙ dA: the derivative is the result itself.
  symbolic: { derivative: (_x, y) => y },
  kinks: [],
  print: { text: 'exp', latex: '\\exp', numpy: (a) => `np.exp(${a})` },
  spellings: {
    python: ['numpy.exp', 'math.exp', 'torch.exp', 'tensorflow.exp', 'tensorflow.math.exp'],
    methods: ['exp'],
    math: ['exp'],
    latex: ['exp'],
  },
});
