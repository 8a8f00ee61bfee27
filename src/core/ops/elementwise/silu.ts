import { type UnaryOp, unaryOp } from '../unary';
import { logistic } from './sigmoid';

export const silu: UnaryOp<'silu'> = unaryOp('silu', {
  doc: 'silu(x) — x·σ(x) elementwise (swish)',
  f64: (v) => v * logistic(v),
  tfjs: {
    forward: (tf, x) => tf.mul(x, tf.sigmoid(x)),
    gradient: (tf, dy, x) => {
      const s = tf.sigmoid(x);
      return tf.mul(dy, tf.mul(s, tf.add(1, tf.mul(x, tf.sub(1, s)))));
    },
  },
  // silu′(A) = σ(A) ⊙ (1 + A ⊙ (1 − σ(A)))
  symbolic: {
    derivative: (x, _y, a) => {
      const s = x.fn('sigmoid', a);
      return x.mul(s, x.add(x.num(1), x.mul(a, x.sub(x.num(1), s))));
    },
  },
  kinks: [],
  print: { text: 'silu', latex: '\\operatorname{SiLU}', numpy: (a) => `(${a} / (1.0 + np.exp(-${a})))` },
  spellings: {
    python: [{ names: ['torch.nn.functional.silu'], params: 'x, -inplace' }, 'tensorflow.nn.silu', 'tensorflow.nn.swish', 'keras.activations.silu', 'keras.activations.swish'],
    layers: [{ qualified: 'torch.nn.SiLU', params: '-inplace', stem: 'silu' }],
    activations: ['silu', 'swish'],
    math: ['silu', 'swish', 'SiLU'],
  },
});
