import { type UnaryOp, unaryOp } from '../unary';

export const log1p: UnaryOp<'log1p'> = unaryOp('log1p', {
  doc: 'log1p(x) — log(1 + x) elementwise, exact near 0',
  domain: 'positive',
  f64: Math.log1p,
  tfjs: {
    forward: (tf, x) => tf.log1p(x),
    gradient: (tf, dy, x) => tf.div(dy, tf.add(x, 1)),
  },
  // d log(1 + A) = dA ⊘ (1 + A)
  symbolic: {
    derivative: (x, _y, a) => x.pow(x.add(x.num(1), a), -1),
    times: (x, g, _y, a) => x.div(g, x.add(x.num(1), a)),
  },
  kinks: [],
  print: { text: 'log1p', latex: '\\operatorname{log1p}', numpy: (a) => `np.log1p(${a})` },
  spellings: {
    python: ['numpy.log1p', 'math.log1p', 'torch.log1p', 'tensorflow.math.log1p'],
    methods: ['log1p'],
    math: ['log1p'],
  },
});
