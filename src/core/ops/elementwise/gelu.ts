import { type Exprs, type Node } from '../../grad/expr';
import { type UnaryOp, unaryOp } from '../unary';
import { erfAt } from './erf';

/** The tanh approximation's constants: tanh(√(2/π)·(x + 0.044715·x³)). */
const C = Math.sqrt(2 / Math.PI);
const K = 0.044715;

/** `approximate='tanh'` (PyTorch) and `approximate=True` (TensorFlow) pick the tanh form. */
const readApproximate = (value: unknown): number => (value === 'tanh' || value === true || value === 1 ? 1 : 0);

/** The argument of the tanh form: √(2/π)·(A + 0.044715·A^⊙3). */
const inner = (x: Exprs, a: Node): Node => x.mul(x.num(C), x.add(a, x.mul(x.num(K), x.pow(a, 3))));

export const gelu: UnaryOp<'gelu'> = unaryOp('gelu', {
  doc: "gelu(x, approximate) — x·Φ(x) elementwise, exact with erf or (approximate='tanh') its tanh form",
  param: { name: 'approximate', default: 0, read: readApproximate },
  f64: (v, approximate) => (approximate ? 0.5 * v * (1 + Math.tanh(C * (v + K * v * v * v))) : 0.5 * v * (1 + erfAt(v / Math.SQRT2))),
  tfjs: {
    forward: (tf, x, approximate) =>
      approximate
        ? tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(tf.mul(C, tf.add(x, tf.mul(K, tf.pow(x, 3)))))))
        : tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))),
    gradient: (tf, dy, x, _y, approximate) => {
      if (approximate) {
        const t = tf.tanh(tf.mul(C, tf.add(x, tf.mul(K, tf.pow(x, 3)))));
        const dt = tf.mul(tf.sub(1, tf.square(t)), tf.mul(C, tf.add(1, tf.mul(3 * K, tf.square(x)))));
        return tf.mul(dy, tf.add(tf.mul(0.5, tf.add(1, t)), tf.mul(tf.mul(0.5, x), dt)));
      }
      // Φ(x) + x·φ(x)
      const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
      const pdf = tf.mul(1 / Math.sqrt(2 * Math.PI), tf.exp(tf.mul(-0.5, tf.square(x))));
      return tf.mul(dy, tf.add(cdf, tf.mul(x, pdf)));
    },
  },
  symbolic: {
    derivative: (x, y, a) => {
      if (y.value) {
        // ½(1 + T) + ½A ⊙ (1 − T^⊙2) ⊙ √(2/π)(1 + 3·0.044715·A^⊙2), with T = tanh(inner)
        const t = x.fn('tanh', inner(x, a));
        const dInner = x.mul(x.num(C), x.add(x.num(1), x.mul(x.num(3 * K), x.pow(a, 2))));
        return x.add(x.mul(x.num(0.5), x.add(x.num(1), t)), x.mul(x.mul(x.num(0.5), a), x.mul(x.sub(x.num(1), x.pow(t, 2)), dInner)));
      }
      // Φ(A) + A ⊙ φ(A) = ½(1 + erf(A/√2)) + A ⊙ exp(−A^⊙2/2)/√(2π)
      const cdf = x.mul(x.num(0.5), x.add(x.num(1), x.fn('erf', x.mul(x.num(Math.SQRT1_2), a))));
      const pdf = x.mul(x.num(1 / Math.sqrt(2 * Math.PI)), x.fn('exp', x.mul(x.num(-0.5), x.pow(a, 2))));
      return x.add(cdf, x.mul(a, pdf));
    },
  },
  kinks: [],
  print: {
    text: 'gelu',
    latex: '\\operatorname{GELU}',
    numpy: (a, approximate) => `_gelu(${a}${approximate ? ', approximate=True' : ''})`,
    numpyHelper: {
      name: '_gelu',
      code: [
        'def _gelu(Z, approximate=False):',
        '    if approximate:',
        '        return 0.5 * Z * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (Z + 0.044715 * Z ** 3)))',
        '    from math import erf',
        '    return 0.5 * Z * (1.0 + np.vectorize(erf)(Z / np.sqrt(2.0)))',
      ].join('\n'),
    },
  },
  spellings: {
    python: [
      { names: ['torch.nn.functional.gelu'], params: 'x, approximate=' },
      { names: ['tensorflow.nn.gelu', 'keras.activations.gelu'], params: 'x, approximate=' },
    ],
    layers: [{ qualified: 'torch.nn.GELU', params: 'approximate=', stem: 'gelu' }],
    activations: ['gelu'],
    math: ['gelu', 'GELU'],
  },
});
