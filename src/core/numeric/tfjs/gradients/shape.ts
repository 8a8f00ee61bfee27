import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf';
import { reduceTo } from './util';

/** Reshape-like kernels; ExpandDims names its input `input`, the others `x`. */
function reshapeBack(kernelName: string, input = 'x'): (tf: Tf) => GradConfig {
  return (tf) => ({
    kernelName,
    inputsToSave: [input],
    gradFunc: (dy, saved) => ({ [input]: () => tf.reshape(dy as Tensor, saved[0].shape) }),
  });
}

function asArray(v: unknown, rank: number): number[] {
  return Array.isArray(v) ? (v as number[]) : Array.from({ length: rank }, () => v as number);
}

export const SHAPE_GRADIENTS: ((tf: Tf) => GradConfig)[] = [
  reshapeBack('Reshape'),
  reshapeBack('ExpandDims', 'input'),
  (tf) => ({
    kernelName: 'Transpose',
    gradFunc: (dy, _saved, attrs) => {
      const perm = attrs.perm as number[];
      const inverse = new Array<number>(perm.length);
      perm.forEach((p, i) => (inverse[p] = i));
      return { x: () => tf.transpose(dy as Tensor, inverse) };
    },
  }),
  (tf) => ({
    kernelName: 'Concat',
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const rank = saved[0].rank;
      const axis = ((attrs.axis as number) + rank) % rank;
      const parts = tf.split(dy as Tensor, saved.map((t) => t.shape[axis]), axis);
      return Object.fromEntries(parts.map((p, i) => [String(i), () => p]));
    },
  }),
  (tf) => ({
    kernelName: 'Slice',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0];
      const begin = asArray(attrs.begin, x.rank);
      const size = asArray(attrs.size, x.rank).map((s, i) => (s === -1 ? x.shape[i] - begin[i] : s));
      return { x: () => tf.pad(dy as Tensor, x.shape.map((d, i) => [begin[i], d - begin[i] - size[i]] as [number, number])) };
    },
  }),
  (tf) => ({
    kernelName: 'PadV2',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const paddings = attrs.paddings as [number, number][];
      return { x: () => tf.slice(dy as Tensor, paddings.map((p) => p[0]), saved[0].shape) };
    },
  }),
  (tf) => ({
    kernelName: 'Tile',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0];
      const reps = attrs.reps as number[];
      // Tiles are whole copies along each axis: split every axis into (rep, size) and sum the reps.
      const split = x.shape.flatMap((d, i) => [reps[i], d]);
      const axes = x.shape.map((_, i) => 2 * i);
      return { x: () => tf.reshape(tf.sum(tf.reshape(dy as Tensor, split), axes), x.shape) };
    },
  }),
  (tf) => ({
    kernelName: 'BroadcastTo',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => reduceTo(tf, dy as Tensor, saved[0].shape) }),
  }),
];
