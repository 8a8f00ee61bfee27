import { broadcastMap } from '../index-plan';
import { normAxis } from '../tensor';

/** The axes a reduction's `axis` attribute names: all when absent or null. */
export function reductionAxes(axis: unknown, rank: number): number[] {
  const list = axis === undefined || axis === null ? Array.from({ length: rank }, (_, i) => i) : Array.isArray(axis) ? (axis as number[]) : [axis as number];
  return [...new Set(list.map((a) => normAxis(a, rank)))].sort((a, b) => a - b);
}

export interface Reduction {
  /** Shape with the reduced axes kept as 1, and the shape the op returns. */
  keptShape: number[];
  outShape: number[];
  /** For each input element, the output element it reduces into. */
  map: Int32Array;
  count: number;
}

export function reduction(shape: number[], axisAttr: unknown, keepdims: unknown): Reduction {
  const axes = reductionAxes(axisAttr, shape.length);
  const keptShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outShape = keepdims === true ? keptShape : shape.filter((_, i) => !axes.includes(i));
  const count = axes.reduce((p, a) => p * shape[a], 1);
  return { keptShape, outShape, map: broadcastMap(keptShape, shape), count };
}
