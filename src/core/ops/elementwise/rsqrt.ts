import { type UnaryOp, unaryOp } from '../unary';

export const rsqrt: UnaryOp<'rsqrt'> = unaryOp('rsqrt', {
  doc: 'rsqrt(x) — 1 / √x elementwise',
  domain: 'positive',
  f64: (v) => 1 / Math.sqrt(v),
  tfjs: {
    forward: (tf, x) => tf.rsqrt(x),
    gradient: (tf, dy, _x, y) => tf.mul(dy, tf.mul(-0.5, tf.pow(y, 3))),
  },
  // d A^(−1/2) = −½ A^(−3/2) ⊙ dA = −½ Y^⊙3 ⊙ dA
  symbolic: { derivative: (x, y) => x.mul(x.num(-0.5), x.pow(y, 3)) },
  kinks: [],
  print: { text: 'rsqrt', latex: '\\operatorname{rsqrt}', numpy: (a) => `(1.0 / np.sqrt(${a}))` },
  spellings: {
    python: ['torch.rsqrt', 'tensorflow.math.rsqrt', 'tensorflow.rsqrt'],
    methods: ['rsqrt'],
    math: ['rsqrt'],
  },
});
