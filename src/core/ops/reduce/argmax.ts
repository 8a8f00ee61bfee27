import type { Tensor } from '@tensorflow/tfjs-core';
import { outputBits } from '../../numeric/f64/kink-bits';
import type { KernelContext } from '../../numeric/f64/types';
import { type F64Tensor, normAxis, sizeOf } from '../../numeric/tensor';
import { zeroGradient } from '../../numeric/tfjs/gradients/broadcast';
import type { TfKernelContext } from '../../numeric/tfjs/types';
import { argReduce } from '../../shapes/rules/reduce';
import { type OpModule, opModule } from '../op';

/** np.argmax: the first maximal position along one axis, or in the flattened tensor. */
function f64Argmax([x]: F64Tensor[], ctx: KernelContext): F64Tensor {
  const axisAttr = ctx.node.attrs.axis;
  if (axisAttr === null || axisAttr === undefined) {
    let best = 0;
    for (let i = 1; i < x.data.length; i++) if (x.data[i] > x.data[best] || (x.data[i] !== x.data[i] && x.data[best] === x.data[best])) best = i;
    return { shape: ctx.node.attrs.keepdims === true ? x.shape.map(() => 1) : [], data: Float64Array.of(best) };
  }
  const axis = normAxis(axisAttr as number, x.shape.length);
  const outer = sizeOf(x.shape.slice(0, axis));
  const n = x.shape[axis];
  const inner = sizeOf(x.shape.slice(axis + 1));
  const data = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = 0;
      let bv = x.data[o * n * inner + i];
      for (let k = 1; k < n; k++) {
        const v = x.data[(o * n + k) * inner + i];
        if (v > bv || (v !== v && bv === bv)) {
          best = k;
          bv = v;
        }
      }
      data[o * inner + i] = best;
    }
  }
  const shape = ctx.node.attrs.keepdims === true ? x.shape.map((d, i) => (i === axis ? 1 : d)) : x.shape.filter((_, i) => i !== axis);
  return { shape, data };
}

function tfArgmax([x]: Tensor[], ctx: TfKernelContext): Tensor {
  const { tf } = ctx;
  const a = ctx.node.attrs.axis;
  const keep = ctx.node.attrs.keepdims === true;
  if (a === null || a === undefined) {
    const flat = tf.argMax(tf.reshape(x, [-1]), 0);
    return keep ? tf.reshape(flat, x.shape.map(() => 1)) : flat;
  }
  const axis = normAxis(a as number, x.rank);
  const r = tf.argMax(x, axis);
  return keep ? tf.expandDims(r, axis) : r;
}

export const argmax: OpModule<'argmax'> = opModule('argmax', {
  doc: 'argmax(x, axis?) — the position of the largest element along an axis, or in the flattened tensor: integers',
  signature: { params: ['x', 'axis'], tensors: 1, shape: argReduce, defaults: { axis: null, keepdims: false } },
  f64: f64Argmax,
  tfjs: tfArgmax,
  tfjsGradients: [zeroGradient('ArgMax', ['x'])],
  // An integer result: no derivative.
  jacobian: { wrt: () => [] },
  symbolic: { unsupported: 'argmax gives integer positions, which have no derivative' },
  kinks: outputBits,
  spellings: {
    python: [{ names: ['numpy.argmax', 'torch.argmax', 'tensorflow.argmax', 'tensorflow.math.argmax'], params: 'x, axis=' }],
    methods: [{ names: ['argmax'], params: 'x, axis=' }],
  },
});
