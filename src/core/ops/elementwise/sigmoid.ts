import { type UnaryOp, unaryOp } from '../unary';

/** Written to stay finite for large |x|, as the exp of a large negative number underflows to 0. */
export function logistic(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

export const sigmoid: UnaryOp<'sigmoid'> = unaryOp('sigmoid', {
  doc: 'sigmoid(x) — the logistic function 1 / (1 + e⁻ˣ) elementwise',
  f64: logistic,
  tfjs: {
    forward: (tf, x) => tf.sigmoid(x),
    gradient: (tf, dy, _x, y) => tf.mul(dy, tf.mul(y, tf.sub(1, y))),
  },
  // dσ(A) = σ(A) ⊙ (1 − σ(A)) ⊙ dA
  symbolic: { derivative: (x, y) => x.mul(y, x.sub(x.num(1), y)) },
  kinks: [],
  print: {
    text: 'sigmoid',
    latex: '\\sigma',
    numpy: (a) => `_sigmoid(${a})`,
    numpyHelper: { name: '_sigmoid', code: ['def _sigmoid(Z):', '    return 0.5 * (1.0 + np.tanh(0.5 * Z))'].join('\n') },
  },
  spellings: {
    python: ['torch.sigmoid', 'tensorflow.sigmoid', 'tensorflow.math.sigmoid', 'tensorflow.nn.sigmoid', 'torch.nn.functional.sigmoid', 'scipy.special.expit'],
    methods: ['sigmoid'],
    layers: [{ qualified: 'torch.nn.Sigmoid', params: '', stem: 'sigmoid' }],
    activations: ['sigmoid'],
    math: ['sigmoid'],
    latex: ['sigmoid'],
  },
});
