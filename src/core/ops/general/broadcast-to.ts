import type { Tensor } from '@tensorflow/tfjs-core';
import { pointwise } from '../../jacobian/rules/types';
import { broadcastTo as stretch } from '../../numeric/f64/broadcast';
import type { F64Tensor } from '../../numeric/tensor';
import { asType, tfDtype } from '../../numeric/tfjs/dtype';
import { type Dim, formatDim, formatShape } from '../../shapes/dim';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';

/**
 * `np.broadcast_to(x, shape)`, `x.expand(B, -1, -1)`: x stretched along its size-1 axes and
 * given new leading axes, as broadcasting would. PyTorch's -1 keeps the size x has there.
 */
const broadcastToShape: ShapeRule = ([x], attrs, ctx) => {
  const target = attrs.shape;
  if (!Array.isArray(target) || !target.every((d) => typeof d === 'number' || typeof d === 'string')) return fail('broadcast_to needs the shape to broadcast to', [0]);
  const dims = target as Dim[];
  const offset = dims.length - x.shape.length;
  const wanted = formatShape(dims.map((d) => (d === -1 ? '-1' : d)));
  if (offset < 0) return fail(`cannot broadcast ${formatShape(x.shape)} to ${wanted}, which has fewer axes`, [0]);
  const shape: Dim[] = [];
  for (let j = 0; j < dims.length; j++) {
    const own = j >= offset ? x.shape[j - offset] : null;
    if (dims[j] === -1 && own === null) return fail(`the -1 at axis ${j} of ${wanted} is a new axis, which has no size to keep`, [0]);
    shape.push(dims[j] === -1 ? (own as Dim) : dims[j]);
  }
  for (let i = 0; i < x.shape.length; i++) {
    const to = shape[i + offset];
    if (x.shape[i] !== 1 && !ctx.bindings.same(x.shape[i], to)) {
      return fail(`cannot broadcast ${formatShape(x.shape)} to ${formatShape(shape)} — axis ${i} is ${formatDim(x.shape[i])}, neither 1 nor ${formatDim(to)}`, [0], { partial: shape });
    }
  }
  return { shape, dtype: x.dtype };
};

export const broadcastTo: OpModule<'broadcast_to'> = opModule('broadcast_to', {
  doc: 'broadcast_to(x, shape) — x repeated along its size-1 axes and new leading axes to the given shape',
  signature: { params: ['x', 'shape'], tensors: 1, shape: broadcastToShape },
  f64: ([x]: F64Tensor[], ctx) => stretch(x, ctx.shape),
  // BroadcastTo's gradient sums the output gradient over the stretched axes.
  tfjs: ([x], ctx) => ctx.tf.broadcastTo(asType(ctx.tf, x, tfDtype(ctx.node.dtype)), ctx.shape) as Tensor,
  // The Jacobian of broadcasting an operand of an elementwise op: ties on the kept axes, none on the stretched ones.
  jacobian: { wrt: (ctx) => pointwise(ctx, 0, []) },
  symbolic: {
    // ones ⊙ x: a vector is a row of the matrix it is stretched to, as NumPy aligns axes from the right.
    read: (x, node, input, { inputNode: operand }) => {
      const out = node.shape;
      const v = out.length === 2 && operand(0).shape.length === 1 ? x.transpose(input(0)) : input(0);
      return x.mul(x.ones(out.length === 0 ? 1 : out[0], out.length === 2 ? out[1] : 1), v);
    },
  },
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.broadcast_to', 'torch.broadcast_to', 'tensorflow.broadcast_to'], params: 'x, @shape' }],
    methods: [{ names: ['expand', 'broadcast_to'], params: 'x, *shape' }],
  },
});
