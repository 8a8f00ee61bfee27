import { type UnaryOp, unaryOp } from '../unary';

export const expm1: UnaryOp<'expm1'> = unaryOp('expm1', {
  doc: 'expm1(x) — eˣ − 1 elementwise, exact near 0',
  f64: Math.expm1,
  tfjs: {
    forward: (tf, x) => tf.expm1(x),
    gradient: (tf, dy, _x, y) => tf.mul(dy, tf.add(y, 1)),
  },
  symbolic: { derivative: (x, _y, a) => x.fn('exp', a) },
  kinks: [],
  print: { text: 'expm1', latex: '\\operatorname{expm1}', numpy: (a) => `np.expm1(${a})` },
  spellings: {
    python: ['numpy.expm1', 'math.expm1', 'torch.expm1', 'tensorflow.math.expm1'],
    methods: ['expm1'],
    math: ['expm1'],
  },
});
