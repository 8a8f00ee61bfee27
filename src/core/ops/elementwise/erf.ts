import { type UnaryOp, unaryOp } from '../unary';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The error function in float64: its Taylor series up to |x| = 3 (terms alternate, the
 * cancellation costs at most four digits), the continued fraction of erfc beyond.
 */
export function erfAt(x: number): number {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x);
  if (a <= 3) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= -x2 / n;
      sum += term / (2 * n + 1);
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  // erfc(a) = e^(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + …)))), by Lentz's method.
  let f = a;
  let c = a;
  let d = 0;
  for (let k = 1; k < 100; k++) {
    const coef = k / 2;
    d = a + coef * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = a + coef / c;
    if (c === 0) c = 1e-300;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
  return x > 0 ? 1 - erfc : erfc - 1;
}

export const erf: UnaryOp<'erf'> = unaryOp('erf', {
  doc: 'erf(x) — the error function elementwise',
  f64: erfAt,
  tfjs: {
    forward: (tf, x) => tf.erf(x),
    gradient: (tf, dy, x) => tf.mul(dy, tf.mul(TWO_OVER_SQRT_PI, tf.exp(tf.neg(tf.square(x))))),
  },
  // erf′(A) = (2/√π)·exp(−A ⊙ A)
  symbolic: { derivative: (x, _y, a) => x.mul(x.num(TWO_OVER_SQRT_PI), x.fn('exp', x.neg(x.pow(a, 2)))) },
  kinks: [],
  print: {
    text: 'erf',
    latex: '\\operatorname{erf}',
    numpy: (a) => `_erf(${a})`,
    numpyHelper: { name: '_erf', code: ['def _erf(Z):', '    from math import erf', '    return np.vectorize(erf)(Z)'].join('\n') },
  },
  spellings: {
    python: ['torch.erf', 'math.erf', 'torch.special.erf', 'tensorflow.math.erf', 'scipy.special.erf'],
    methods: ['erf'],
    math: ['erf'],
  },
});
