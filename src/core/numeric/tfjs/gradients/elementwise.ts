import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf';
import { reduceTo } from './util';

const f32 = (tf: Tf, t: Tensor) => (t.dtype === 'float32' ? t : tf.cast(t, 'float32'));

type Unary = (tf: Tf, dy: Tensor, x: Tensor, y: Tensor) => Tensor;

/** dx from dy, the input x and the output y. */
function unary(kernelName: string, f: Unary): (tf: Tf) => GradConfig {
  return (tf) => ({
    kernelName,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => ({ x: () => f(tf, dy as Tensor, saved[0], saved[1]) }),
  });
}

type Binary = (tf: Tf, dy: Tensor, a: Tensor, b: Tensor, y: Tensor) => [Tensor, Tensor];

/** da, db at the broadcast shape; summed back to each operand's shape. */
function binary(kernelName: string, f: Binary): (tf: Tf) => GradConfig {
  return (tf) => ({
    kernelName,
    inputsToSave: ['a', 'b'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [a, b, y] = saved;
      return {
        a: () => reduceTo(tf, f(tf, dy as Tensor, a, b, y)[0], a.shape),
        b: () => reduceTo(tf, f(tf, dy as Tensor, a, b, y)[1], b.shape),
      };
    },
  });
}

/** Comparisons, sign, step, argmax: piecewise constant, zero almost everywhere. */
function zero(kernelName: string, inputs: string[]): (tf: Tf) => GradConfig {
  return (tf) => ({
    kernelName,
    inputsToSave: inputs,
    gradFunc: (_dy, saved) => Object.fromEntries(inputs.map((name, i) => [name, () => tf.zerosLike(f32(tf, saved[i]))])),
  });
}

export const ELEMENTWISE_GRADIENTS: ((tf: Tf) => GradConfig)[] = [
  unary('Neg', (tf, dy) => tf.neg(dy)),
  unary('Exp', (tf, dy, _x, y) => tf.mul(dy, y)),
  unary('Log', (tf, dy, x) => tf.div(dy, f32(tf, x))),
  unary('Sqrt', (tf, dy, _x, y) => tf.div(dy, tf.mul(y, 2))),
  unary('Tanh', (tf, dy, _x, y) => tf.mul(dy, tf.sub(1, tf.square(y)))),
  unary('Sigmoid', (tf, dy, _x, y) => tf.mul(dy, tf.mul(y, tf.sub(1, y)))),
  unary('Relu', (tf, dy, x) => tf.mul(dy, tf.step(f32(tf, x)))),
  unary('Abs', (tf, dy, x) => tf.mul(dy, tf.sign(f32(tf, x)))),
  unary('Square', (tf, dy, x) => tf.mul(dy, tf.mul(f32(tf, x), 2))),
  unary('Identity', (tf, dy) => tf.clone(dy)),
  unary('Cast', (tf, dy) => tf.clone(dy)),
  binary('Add', (_tf, dy) => [dy, dy]),
  binary('Sub', (tf, dy) => [dy, tf.neg(dy)]),
  binary('Multiply', (tf, dy, a, b) => [tf.mul(dy, f32(tf, b)), tf.mul(dy, f32(tf, a))]),
  binary('RealDiv', (tf, dy, a, b) => [tf.div(dy, b), tf.neg(tf.div(tf.mul(dy, a), tf.square(b)))]),
  binary('Pow', (tf, dy, a, b, y) => [
    tf.mul(dy, tf.mul(b, tf.pow(a, tf.sub(b, 1)))),
    tf.mul(dy, tf.mul(y, tf.where(tf.greater(a, 0), tf.log(tf.maximum(a, 1e-30)), tf.zerosLike(a)))),
  ]),
  binary('Maximum', (tf, dy, a, b) => [tf.mul(dy, tf.cast(tf.greaterEqual(a, b), 'float32')), tf.mul(dy, tf.cast(tf.less(a, b), 'float32'))]),
  binary('Minimum', (tf, dy, a, b) => [tf.mul(dy, tf.cast(tf.lessEqual(a, b), 'float32')), tf.mul(dy, tf.cast(tf.greater(a, b), 'float32'))]),
  (tf) => ({
    kernelName: 'Select',
    inputsToSave: ['condition'],
    gradFunc: (dy, saved) => {
      const c = tf.cast(saved[0], 'float32');
      const g = dy as Tensor;
      return { condition: () => tf.zerosLike(c), t: () => tf.mul(g, c), e: () => tf.mul(g, tf.sub(1, c)) };
    },
  }),
  ...['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual'].map((k) => zero(k, ['a', 'b'])),
  ...['Sign', 'Step', 'Floor', 'Round', 'ArgMax', 'ArgMin', 'ZerosLike', 'OnesLike'].map((k) => zero(k, ['x'])),
];
