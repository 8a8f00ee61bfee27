import { type UnaryOp, unaryOp } from '../unary';

/** log(1 + e^(βv)) / β, written to stay finite and exact for large |v|. */
function softplusAt(v: number, beta: number): number {
  const u = beta * v;
  return (u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u))) / beta;
}

export const softplus: UnaryOp<'softplus'> = unaryOp('softplus', {
  doc: 'softplus(x, beta=1) — log(1 + e^(βx)) / β elementwise, a smooth relu',
  param: { name: 'beta', default: 1 },
  f64: softplusAt,
  tfjs: {
    forward: (tf, x, beta) => (beta === 1 ? tf.softplus(x) : tf.div(tf.softplus(tf.mul(x, beta)), beta)),
    gradient: (tf, dy, x, _y, beta) => tf.mul(dy, tf.sigmoid(beta === 1 ? x : tf.mul(x, beta))),
  },
  // softplus′(A) = σ(βA)
  symbolic: {
    derivative: (x, y, a) => {
      const beta = y.value ?? 1;
      return x.fn('sigmoid', beta === 1 ? a : x.mul(x.num(beta), a));
    },
  },
  kinks: [],
  print: { text: 'softplus', latex: '\\operatorname{softplus}', numpy: (a, beta) => (beta === 1 ? `np.logaddexp(0.0, ${a})` : `np.logaddexp(0.0, ${beta} * ${a}) / ${beta}`) },
  spellings: {
    python: [
      { names: ['torch.nn.functional.softplus'], params: 'x, beta=, -threshold' },
      'tensorflow.nn.softplus',
      'tensorflow.math.softplus',
      'keras.activations.softplus',
    ],
    layers: [{ qualified: 'torch.nn.Softplus', params: 'beta=, -threshold', stem: 'softplus' }],
    activations: ['softplus'],
    math: ['softplus'],
  },
});
