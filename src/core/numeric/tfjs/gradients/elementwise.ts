import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf';
import { asFloat32 as f32, zeroGradient as zero } from './broadcast';

type Unary = (tf: Tf, dy: Tensor, x: Tensor, y: Tensor) => Tensor;

/** dx from dy, the input x and the output y. */
export function unaryGradient(kernelName: string, f: Unary): (tf: Tf) => GradConfig {
  return (tf) => ({
    kernelName,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => ({ x: () => f(tf, dy as Tensor, saved[0], saved[1]) }),
  });
}

export const ELEMENTWISE_GRADIENTS: ((tf: Tf) => GradConfig)[] = [
  unaryGradient('Exp', (tf, dy, _x, y) => tf.mul(dy, y)),
  unaryGradient('Log', (tf, dy, x) => tf.div(dy, f32(tf, x))),
  unaryGradient('Sqrt', (tf, dy, _x, y) => tf.div(dy, tf.mul(y, 2))),
  unaryGradient('Tanh', (tf, dy, _x, y) => tf.mul(dy, tf.sub(1, tf.square(y)))),
  unaryGradient('Sigmoid', (tf, dy, _x, y) => tf.mul(dy, tf.mul(y, tf.sub(1, y)))),
  unaryGradient('Relu', (tf, dy, x) => tf.mul(dy, tf.step(f32(tf, x)))),
  unaryGradient('Abs', (tf, dy, x) => tf.mul(dy, tf.sign(f32(tf, x)))),
  unaryGradient('Identity', (tf, dy) => tf.clone(dy)),
  unaryGradient('Cast', (tf, dy) => tf.clone(dy)),
  zero('NotEqual', ['a', 'b']),
  ...['Sign', 'Step', 'Floor', 'Round', 'ArgMin', 'ZerosLike', 'OnesLike'].map((k) => zero(k, ['x'])),
];
