import type { Tensor } from '@tensorflow/tfjs-core';
import type { IndexSpec } from '../../shapes/rules/index';
import { type IndexArray, lastWriter, planIndex } from '../index-plan';
import { sizeOf } from '../tensor';
import { gatherFlat } from './custom/gather';
import { asType } from './dtype';
import type { TfKernelContext, TfKernelTable } from './types';

/** Index arrays are read back: they are integers or masks, constants for differentiation. */
function indexArrays(inputs: Tensor[], ctx: TfKernelContext, first: number): (k: number) => IndexArray {
  return (k) => {
    const t = inputs[first + k - 1];
    return { shape: t.shape, data: t.dataSync(), bool: ctx.inputNodes[first + k - 1].dtype === 'bool' };
  };
}

function index(inputs: Tensor[], ctx: TfKernelContext): Tensor {
  const x = inputs[0];
  const plan = planIndex(x.shape, (ctx.node.attrs.items ?? []) as IndexSpec[], indexArrays(inputs, ctx, 1));
  return gatherFlat(ctx.tf, x, plan.offsets, plan.shape);
}

/**
 * `x[items] op= v` as gathers: for `=`, each element comes from x or from v (the last
 * write wins, as in NumPy); for `+=` and the like, x meets the value gathered from v, or the
 * op's identity appended to v where nothing is written.
 */
function indexUpdate(inputs: Tensor[], ctx: TfKernelContext): Tensor {
  const { tf } = ctx;
  const [x, v] = inputs;
  const plan = planIndex(x.shape, (ctx.node.attrs.items ?? []) as IndexSpec[], indexArrays(inputs, ctx, 2));
  const n = x.size;
  const m = sizeOf(plan.shape);
  const writer = lastWriter(n, plan.offsets);
  const vFlat = tf.reshape(tf.broadcastTo(asType(tf, v, x.dtype), plan.shape), [-1]);
  const xFlat = tf.reshape(x, [-1]);
  const mode = String(ctx.node.attrs.mode ?? 'set');
  if (mode === 'accumulate') return accumulate(ctx, x, vFlat, plan.offsets, m);
  const src = new Int32Array(n);
  if (mode === 'set') {
    for (let p = 0; p < n; p++) src[p] = writer[p] < 0 ? p : n + writer[p];
    return tf.reshape(gatherFlat(tf, tf.concat([xFlat, vFlat]), src, [n]), x.shape);
  }
  const identity = mode === 'mul' || mode === 'div' ? 1 : 0;
  for (let p = 0; p < n; p++) src[p] = writer[p] < 0 ? m : writer[p];
  const g = gatherFlat(tf, tf.concat([vFlat, tf.fill([1], identity, x.dtype)]), src, [n]);
  const op = { add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div }[mode as 'add'] ?? tf.add;
  return tf.reshape(op(xFlat, g), x.shape);
}

/**
 * np.add.at as rounds of gathers: round r adds, at each position, the r-th value written
 * there (0 where there is none), so repeated indices each count and every step is a gather,
 * whose gradient tfjs has.
 */
function accumulate(ctx: TfKernelContext, x: Tensor, vFlat: Tensor, offsets: ArrayLike<number>, m: number): Tensor {
  const { tf } = ctx;
  const n = x.size;
  const rounds: Int32Array[] = [];
  const seen = new Int32Array(n);
  for (let i = 0; i < offsets.length; i++) {
    const r = seen[offsets[i]]++;
    if (!rounds[r]) rounds[r] = new Int32Array(n).fill(m);
    rounds[r][offsets[i]] = i;
  }
  const padded = tf.concat([vFlat, tf.zeros([1], x.dtype)]);
  let acc = tf.reshape(x, [-1]);
  for (const src of rounds) acc = tf.add(acc, gatherFlat(tf, padded, src, [n]));
  return tf.reshape(acc, x.shape);
}

export const INDEXING: TfKernelTable = { index, index_update: indexUpdate };
