import { type UnaryOp, unaryOp } from '../unary';

export const elu: UnaryOp<'elu'> = unaryOp('elu', {
  doc: 'elu(x, alpha=1) — x where x > 0, α(eˣ − 1) elsewhere',
  param: { name: 'alpha', default: 1 },
  f64: (v, alpha) => (v > 0 ? v : alpha * Math.expm1(v)),
  tfjs: {
    // The exponential only sees x ≤ 0, so the branch not taken cannot overflow.
    forward: (tf, x, alpha) => tf.where(tf.greater(x, 0), x, tf.mul(alpha, tf.expm1(tf.minimum(x, 0)))),
    gradient: (tf, dy, x, y, alpha) => tf.mul(dy, tf.where(tf.greater(x, 0), tf.onesLike(x), tf.add(y, alpha))),
  },
  // elu′(A) = [A > 0] + (1 − [A > 0]) ⊙ (Y + α): 1 on the right, αeᴬ on the left.
  symbolic: {
    derivative: (x, y, a) => {
      const right = x.fn('step', a);
      return x.add(right, x.mul(x.sub(x.num(1), right), x.add(y, x.num(y.value ?? 1))));
    },
  },
  // f′ jumps at 0 from α to 1 unless α = 1.
  kinks: [0],
  print: { text: 'elu', latex: '\\operatorname{elu}', numpy: (a, alpha) => `np.where(${a} > 0, ${a}, ${alpha} * np.expm1(np.minimum(${a}, 0.0)))` },
  spellings: {
    python: [{ names: ['torch.nn.functional.elu'], params: 'x, alpha=, -inplace' }, 'tensorflow.nn.elu', 'keras.activations.elu'],
    layers: [
      { qualified: 'torch.nn.ELU', params: 'alpha=, -inplace', stem: 'elu' },
      { qualified: 'keras.layers.ELU', params: 'alpha=', stem: 'elu', keras: true },
    ],
    activations: ['elu'],
    math: ['elu', 'ELU'],
  },
});
