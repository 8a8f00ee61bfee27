import type { Tensor } from '@tensorflow/tfjs-core';
import { hashBits } from '../../numeric/f64/kink-bits';
import type { F64Tensor } from '../../numeric/tensor';
import { gatherFlat } from '../../numeric/tfjs/custom/gather';
import { asFloat } from '../../numeric/tfjs/dtype';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';
import { adaptiveBinsOf, adaptiveShape } from './adaptive';
import type { Attrs } from './geometry';
import { POOL_SYMBOLIC, poolJacobian, walkBins } from './separable';

const bins = adaptiveBinsOf('adaptive_max_pool2d');

const adaptiveMaxShape = adaptiveShape('adaptive_max_pool2d');

/** The maxima only: with return_indices=True the call returns a pair, which is refused rather than read as one tensor. */
const withoutIndices: ShapeRule = (inputs, attrs, ctx) =>
  attrs.return_indices === true ? fail('return_indices=True returns the maxima and their indices as a pair, which Grad Lens does not read', [0]) : adaptiveMaxShape(inputs, attrs, ctx);

/**
 * The flat input offset of each bin's maximum: the first on ties, a NaN wins (as in
 * PyTorch). Shared by both kernels, so that they route the gradient to the same entry,
 * and by the kink signature.
 */
function argmaxOf(x: F64Tensor, attrs: Attrs): { shape: number[]; arg: Int32Array } {
  const arg: number[] = [];
  const shape = walkBins(x.shape, attrs, 'adaptive_max_pool2d', bins, (o, { rows, cols, i, j, offset }) => {
    let best = -1;
    for (let y = rows.start[i]; y < rows.end[i]; y++) {
      for (let v = cols.start[j]; v < cols.end[j]; v++) {
        const at = offset(y, v);
        const value = x.data[at];
        if (best < 0 || value > x.data[best] || (value !== value && x.data[best] === x.data[best])) best = at;
      }
    }
    arg[o] = best;
  });
  return { shape, arg: Int32Array.from(arg) };
}

export const adaptiveMaxPool2d: OpModule<'adaptive_max_pool2d'> = opModule('adaptive_max_pool2d', {
  doc: 'adaptive_max_pool2d(x, output_size) — PyTorch: the spatial axes cut into output_size bins as adaptive_avg_pool2d cuts them, the maximum of each',
  signature: { params: ['x', 'output_size'], tensors: 1, shape: withoutIndices, defaults: { layout: 'NCHW', return_indices: false } },
  f64: ([x], ctx) => {
    const { shape, arg } = argmaxOf(x, ctx.node.attrs);
    return { shape, data: Float64Array.from(arg, (a) => x.data[a]) };
  },
  // A gather of the winners, found as the float64 kernel finds them: the gradient goes to each bin's arg-max.
  tfjs: ([x0]: Tensor[], ctx) => {
    const x = asFloat(ctx.tf, x0);
    const { shape, arg } = argmaxOf({ shape: x.shape, data: Float64Array.from(x.dataSync()) }, ctx.node.attrs);
    return gatherFlat(ctx.tf, x, arg, shape);
  },
  // Structurally any entry of the bin: which one wins depends on the values.
  jacobian: poolJacobian('adaptive_max_pool2d', bins, { text: 'S_max (one arg-max per bin)', latex: 'S_{\\max}' }),
  symbolic: POOL_SYMBOLIC,
  kinks: ([x], _out, ctx) => {
    const { arg } = argmaxOf(x, ctx.node.attrs);
    return hashBits(arg.length, (i) => arg[i]);
  },
  spellings: {
    python: [{ names: ['torch.nn.functional.adaptive_max_pool2d'], params: 'x, output_size, return_indices=', attrs: { layout: 'NCHW' } }],
  },
});
