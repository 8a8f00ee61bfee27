import type { Tensor } from '@tensorflow/tfjs-core';
import { sym } from '../../jacobian/formula';
import { type SupportFn, term } from '../../jacobian/term';
import type { F64Tensor } from '../../numeric/tensor';
import { sizeOf } from '../../numeric/tensor';
import { asType, tfDtype } from '../../numeric/tfjs/dtype';
import { formatDim } from '../../shapes/dim';
import { fail, normAxis, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';

/** The new axis's position in the result, which has one more axis than each piece. */
const axisOf = (attrs: Readonly<Record<string, unknown>>, rank: number): number | null => normAxis(typeof attrs.axis === 'number' ? attrs.axis : 0, rank + 1);

const stackShape: ShapeRule = (inputs, attrs, ctx) => {
  if (inputs.length === 0) return fail('stack of nothing', []);
  const shape = inputs[0].shape;
  const axis = axisOf(attrs, shape.length);
  if (axis === null) return fail(`axis ${String(attrs.axis)} is out of range for ${shape.length + 1} dimensions`, [0]);
  for (let k = 1; k < inputs.length; k++) {
    const s = inputs[k].shape;
    if (s.length !== shape.length) return fail(`stack: the pieces differ in rank (${shape.length} and ${s.length})`, [0, k]);
    for (let i = 0; i < s.length; i++) {
      if (!ctx.bindings.same(shape[i], s[i])) return fail(`stack: every piece must have the same shape — axis ${i} is ${formatDim(shape[i])} in the first and ${formatDim(s[i])} in piece ${k}`, [0, k]);
    }
  }
  const out = [...shape];
  out.splice(axis, 0, inputs.length);
  return { shape: out, dtype: inputs.every((t) => t.dtype === 'int') ? 'int' : 'float' };
};

export const stack: OpModule<'stack'> = opModule('stack', {
  doc: 'stack(tensors, axis=0) — equal-shaped tensors joined along a new axis',
  signature: { params: ['tensors', 'axis'], tensors: 'tuple', shape: stackShape, defaults: { axis: 0 } },
  f64: (inputs: F64Tensor[], ctx) => {
    const first = inputs[0];
    const axis = axisOf(ctx.node.attrs, first.shape.length) as number;
    const outer = sizeOf(first.shape.slice(0, axis));
    const inner = sizeOf(first.shape.slice(axis));
    const data = new Float64Array(outer * inputs.length * inner);
    inputs.forEach((t, k) => {
      if (t.data.length !== first.data.length) throw new Error('stack: the pieces differ in size');
      for (let o = 0; o < outer; o++) data.set(t.data.subarray(o * inner, (o + 1) * inner), (o * inputs.length + k) * inner);
    });
    const shape = [...first.shape];
    shape.splice(axis, 0, inputs.length);
    return { shape, data };
  },
  // Each piece given its new axis, then joined: Reshape's and Concat's gradients carry it back.
  tfjs: (inputs, ctx) => {
    const axis = axisOf(ctx.node.attrs, inputs[0].shape.length) as number;
    const dtype = tfDtype(ctx.node.dtype);
    return ctx.tf.concat(inputs.map((t) => ctx.tf.expandDims(asType(ctx.tf, t, dtype), axis)), axis) as Tensor;
  },
  jacobian: {
    // Piece k is the slice at index k of the new axis; every other axis is tied.
    wrt: (ctx, k) => {
      const axis = axisOf(ctx.node.attrs, ctx.shapes[k].length) as number;
      const support: SupportFn = (o) => (o[axis] === k ? [o.filter((_, j) => j !== axis)] : []);
      return [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[k]], outShape: [...ctx.node.shape], inShape: [...ctx.shapes[k]], support, label: { text: `stack piece ${k}`, latex: `\\mathrm{stack}_{${k}}` } }])];
    },
    explicit: (_ctx, k) => ({ structure: 'sparse', formula: sym(`E_${k}`, `E_{${k}}`) }),
  },
  symbolic: { unsupported: 'stacking adds an axis, which matrix calculus here does not follow; Check Gradients differentiates it numerically' },
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.stack', 'torch.stack', 'tensorflow.stack'], params: 'xs, axis=' }],
  },
});
