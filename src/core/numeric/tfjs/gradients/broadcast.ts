import type { Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf';
import type { TfGradient } from './types';
import { reduceTo } from './util';

/** da and db at the broadcast shape, from dy, the operands and the output y. */
export type BroadcastGradient = (tf: Tf, dy: Tensor, a: Tensor, b: Tensor, y: Tensor) => [Tensor, Tensor];

/** The gradient of a broadcasting tfjs kernel of two operands: each part summed back to its operand's shape. */
export function broadcastGradient(kernelName: string, f: BroadcastGradient): TfGradient {
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
export function zeroGradient(kernelName: string, inputs: string[]): TfGradient {
  return (tf) => ({
    kernelName,
    inputsToSave: inputs,
    gradFunc: (_dy, saved) => Object.fromEntries(inputs.map((name, i) => [name, () => tf.zerosLike(asFloat32(tf, saved[i]))])),
  });
}

/** A saved tensor as float32, so that gradients built from it are floats. */
export function asFloat32(tf: Tf, t: Tensor): Tensor {
  return t.dtype === 'float32' ? t : tf.cast(t, 'float32');
}
