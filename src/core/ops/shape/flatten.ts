import type { Tensor } from '@tensorflow/tfjs-core';
import { sym } from '../../jacobian/formula';
import { identityP } from '../../jacobian/identity';
import { formatSize } from '../../jacobian/sizes';
import type { KernelContext } from '../../numeric/f64/types';
import { type F64Tensor, normAxis, sizeOf } from '../../numeric/tensor';
import type { TfKernelContext } from '../../numeric/tfjs/types';
import { productOf } from '../../shapes/dim';
import { flatten as flattenShape } from '../../shapes/rules/reshape';
import { type OpModule, opModule } from '../op';
import { VIEW_UNSUPPORTED, viewWrt } from './view';

/** The shape with the axes start_dim..end_dim merged into one. */
function flattened(shape: number[], attrs: Readonly<Record<string, unknown>>): number[] {
  if (shape.length === 0) return [1];
  const start = normAxis(typeof attrs.start_dim === 'number' ? attrs.start_dim : 1, shape.length);
  const end = normAxis(typeof attrs.end_dim === 'number' ? attrs.end_dim : -1, shape.length);
  return [...shape.slice(0, start), sizeOf(shape.slice(start, end + 1)), ...shape.slice(end + 1)];
}

export const flatten: OpModule<'flatten'> = opModule('flatten', {
  doc: 'flatten(x, start_dim? = 1 for nn.Flatten / keras Flatten, 0 for torch.flatten; end_dim? = -1)',
  signature: { params: ['x', 'start_dim', 'end_dim'], tensors: 1, shape: flattenShape, defaults: { start_dim: 1, end_dim: -1 } },
  f64: ([x]: F64Tensor[], ctx: KernelContext) => ({ shape: flattened(x.shape, ctx.node.attrs), data: x.data }),
  tfjs: ([x]: Tensor[], ctx: TfKernelContext) => ctx.tf.reshape(x, flattened(x.shape, ctx.node.attrs)),
  jacobian: {
    wrt: viewWrt,
    explicit: (ctx, _k, vec) =>
      vec === 'row-major'
        ? { structure: 'diagonal', formula: identityP(formatSize(productOf(ctx.node.shape))) }
        : { structure: 'permutation', formula: sym('P_flatten', '\\Pi_{\\mathrm{flatten}}') },
  },
  symbolic: { unsupported: VIEW_UNSUPPORTED },
  kinks: null,
  // The functions and methods start at axis 0 (the layers, nn.Flatten and keras Flatten, at 1).
  spellings: {
    python: [
      { names: ['torch.flatten'], params: 'x, start_dim=, end_dim=', attrs: { start_dim: 0 } },
      { names: ['numpy.ravel'], params: 'x', attrs: { start_dim: 0 } },
    ],
    methods: [
      { names: ['flatten'], params: 'x, start_dim=, end_dim=', attrs: { start_dim: 0 }, library: 'torch' },
      { names: ['ravel'], params: 'x', attrs: { start_dim: 0 }, library: 'torch' },
      // NumPy's take the memory order ('C' as stored, 'F' column by column), which is not read.
      { names: ['flatten', 'ravel'], params: 'x, -order', attrs: { start_dim: 0 }, library: 'numpy' },
    ],
  },
});
