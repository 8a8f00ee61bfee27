import { type UnaryOp, unaryOp } from '../unary';

export const leaky_relu: UnaryOp<'leaky_relu'> = unaryOp('leaky_relu', {
  doc: 'leaky_relu(x, alpha) — x where x > 0, αx elsewhere (α: PyTorch 0.01, TensorFlow 0.2, Keras 0.3)',
  param: { name: 'alpha', default: 0.01 },
  f64: (v, alpha) => (v > 0 ? v : alpha * v),
  tfjs: {
    forward: (tf, x, alpha) => tf.leakyRelu(x, alpha),
    gradient: (tf, dy, x, _y, alpha) => tf.mul(dy, tf.where(tf.greater(x, 0), tf.onesLike(x), tf.fill(x.shape, alpha))),
  },
  // leaky_relu′(A) = [A > 0] + α(1 − [A > 0])
  symbolic: {
    derivative: (x, y, a) => {
      const right = x.fn('step', a);
      return x.add(right, x.mul(x.num(y.value ?? 0.01), x.sub(x.num(1), right)));
    },
  },
  kinks: [0],
  print: { text: 'leaky_relu', latex: '\\operatorname{leaky\\_relu}', numpy: (a, alpha) => `np.where(${a} > 0, ${a}, ${alpha} * ${a})` },
  spellings: {
    python: [
      { names: ['torch.nn.functional.leaky_relu'], params: 'x, negative_slope=alpha, -inplace' },
      { names: ['tensorflow.nn.leaky_relu'], params: 'x, alpha=', attrs: { alpha: 0.2 } },
    ],
    layers: [
      { qualified: 'torch.nn.LeakyReLU', params: 'negative_slope=alpha, -inplace', stem: 'leakyrelu' },
      { qualified: 'keras.layers.LeakyReLU', params: 'negative_slope=alpha, alpha=', stem: 'leaky_re_lu', keras: true, attrs: { alpha: 0.3 } },
    ],
    math: ['leaky_relu', 'LeakyReLU'],
  },
});
