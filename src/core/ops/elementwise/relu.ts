import { type UnaryOp, unaryOp } from '../unary';

export const relu: UnaryOp<'relu'> = unaryOp('relu', {
  doc: 'relu(x) — max(x, 0) elementwise',
  // NaN stays NaN, as NumPy's maximum keeps it.
  f64: (v) => (v > 0 ? v : v === v ? 0 : v),
  tfjs: {
    forward: (tf, x) => tf.relu(x),
    gradient: (tf, dy, x) => tf.mul(dy, tf.step(x)),
  },
  // relu′(A) is the Heaviside mask [A > 0] (0 at the kink, as backprop takes it).
  symbolic: { derivative: (x, _y, a) => x.fn('step', a) },
  kinks: [0],
  print: { text: 'relu', latex: '\\operatorname{relu}', numpy: (a) => `np.maximum(${a}, 0.0)` },
  spellings: {
    python: [{ names: ['torch.relu', 'tensorflow.nn.relu', 'torch.nn.functional.relu'], params: 'x, -inplace' }],
    methods: ['relu'],
    layers: [
      { qualified: 'torch.nn.ReLU', params: '-inplace', stem: 'relu' },
      { qualified: 'keras.layers.ReLU', params: '', stem: 're_lu', keras: true },
    ],
    activations: ['relu'],
    math: ['relu', 'ReLU'],
    latex: ['relu'],
  },
});
