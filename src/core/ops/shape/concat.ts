import type { Tensor } from '@tensorflow/tfjs-core';
import { sym } from '../../jacobian/formula';
import { type SupportFn, term } from '../../jacobian/term';
import type { KernelContext } from '../../numeric/f64/types';
import { type F64Tensor, normAxis, sizeOf } from '../../numeric/tensor';
import { asType } from '../../numeric/tfjs/dtype';
import type { TfKernelContext } from '../../numeric/tfjs/types';
import { concat as concatShape } from '../../shapes/rules/reshape';
import type { Shape2 } from '../../grad/expr';
import { addDims, type Dim } from '../../shapes/dim';
import { type OpModule, opModule } from '../op';

function f64Concat(inputs: F64Tensor[], ctx: KernelContext): F64Tensor {
  const first = inputs[0];
  const axis = normAxis(typeof ctx.node.attrs.axis === 'number' ? ctx.node.attrs.axis : 0, first.shape.length);
  const outer = sizeOf(first.shape.slice(0, axis));
  const inner = sizeOf(first.shape.slice(axis + 1));
  for (const t of inputs) {
    if (t.shape.length !== first.shape.length || t.shape.some((d, i) => i !== axis && d !== first.shape[i])) throw new Error('concat: the operands differ in shape off the axis');
  }
  const total = inputs.reduce((s, t) => s + t.shape[axis], 0);
  const data = new Float64Array(outer * total * inner);
  let at = 0;
  for (const t of inputs) {
    const rows = t.shape[axis] * inner;
    for (let o = 0; o < outer; o++) data.set(t.data.subarray(o * rows, (o + 1) * rows), o * total * inner + at);
    at += rows;
  }
  const shape = [...first.shape];
  shape[axis] = total;
  return { shape, data };
}

function tfConcat(inputs: Tensor[], ctx: TfKernelContext): Tensor {
  const dtype = inputs.some((t) => t.dtype === 'float32') || ctx.node.dtype === 'float' ? 'float32' : 'int32';
  const axis = normAxis(typeof ctx.node.attrs.axis === 'number' ? ctx.node.attrs.axis : 0, inputs[0].rank);
  return ctx.tf.concat(inputs.map((t) => asType(ctx.tf, t, dtype)), axis);
}

export const concat: OpModule<'concat'> = opModule('concat', {
  doc: 'concat(tuple of tensors, axis) — joined along an existing axis',
  signature: { params: ['tensors', 'axis'], tensors: 'tuple', shape: concatShape, defaults: { axis: 0 } },
  f64: f64Concat,
  tfjs: tfConcat,
  jacobian: {
    // Piece k lands at an offset along the axis; the other axes are tied.
    wrt: (ctx, k) => {
      const rank = ctx.node.shape.length;
      const raw = typeof ctx.node.attrs.axis === 'number' ? ctx.node.attrs.axis : 0;
      const a = raw < 0 ? raw + rank : raw;
      const before = ctx.shapes.slice(0, k).map((s) => s[a]);
      const len = ctx.shapes[k][a];
      const support: SupportFn = (o, sz) => {
        const offset = before.reduce<number>((p, d) => p + sz(d), 0);
        const at = o[a] - offset;
        return at >= 0 && at < sz(len) ? [o.map((v, j) => (j === a ? at : v))] : [];
      };
      return [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[k]], outShape: [...ctx.node.shape], inShape: [...ctx.shapes[k]], support, label: { text: `concat piece ${k}`, latex: `\\mathrm{concat}_{${k}}` } }])];
    },
    explicit: (_ctx, k) => ({ structure: 'sparse', formula: sym(`E_${k}`, `E_{${k}}`) }),
  },
  symbolic: {
    // [A, B] = A and B each placed in zeros where it lands: each piece's gradient is its block of dY.
    read: (x, node, input) => {
      const rank = node.shape.length;
      const along = normAxis(typeof node.attrs.axis === 'number' ? node.attrs.axis : 0, rank) === 0 ? 0 : 1;
      const shape: Shape2 = rank === 1 ? [node.shape[0], 1] : [node.shape[0], node.shape[1]];
      let at: Dim = 0;
      const placed = node.inputs.map((_, k) => {
        const piece = input(k);
        const offset: [Dim, Dim] = along === 0 ? [at, 0] : [0, at];
        at = addDims(at, piece.shape[along]);
        return x.embed(piece, offset, shape);
      });
      return placed.reduce((sum, p) => x.add(sum, p));
    },
  },
  kinks: null,
  spellings: {
    python: [
      { names: ['numpy.concatenate', 'torch.cat', 'torch.concat', 'tensorflow.concat'], params: 'xs, axis' },
      { names: ['numpy.vstack', 'torch.vstack'], params: 'xs', attrs: { axis: 0 } },
      { names: ['numpy.hstack', 'torch.hstack'], params: 'xs', attrs: { axis: 1 } },
    ],
  },
});
