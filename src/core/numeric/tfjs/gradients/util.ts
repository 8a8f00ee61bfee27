import type { Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf';

/**
 * Sums a broadcast gradient back to the operand's shape. Always a new tensor: the tape
 * disposes gradients as it accumulates them, so two inputs must never share one.
 */
export function reduceTo(tf: Tf, dy: Tensor, shape: number[]): Tensor {
  if (dy.shape.length === shape.length && dy.shape.every((d, i) => d === shape[i])) return tf.clone(dy);
  const lead = dy.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < dy.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && dy.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length ? tf.sum(dy, axes, true) : dy;
  return tf.reshape(summed, shape);
}

export function axesOf(axis: unknown, rank: number): number[] {
  const list = axis === undefined || axis === null ? Array.from({ length: rank }, (_, i) => i) : Array.isArray(axis) ? (axis as number[]) : [axis as number];
  return list.map((a) => (a < 0 ? a + rank : a));
}

/** The shape of a reduction's result with its axes kept as 1. */
export function keptShape(shape: number[], axes: number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}
