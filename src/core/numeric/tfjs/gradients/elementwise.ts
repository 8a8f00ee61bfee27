import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf';
import { asFloat32 as f32, zeroGradient as zero } from './broadcast';

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
  zero('NotEqual', ['a', 'b']),
  ...['Sign', 'Step', 'Floor', 'Round', 'ArgMin', 'ZerosLike', 'OnesLike'].map((k) => zero(k, ['x'])),
];
