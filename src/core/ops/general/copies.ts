import type { Tensor } from '@tensorflow/tfjs-core';
import { sym } from '../../jacobian/formula';
import type { JacobianRule } from '../../jacobian/rules/types';
import { type SupportFn, term } from '../../jacobian/term';
import type { F64Kernel } from '../../numeric/f64/types';
import { sizeOf, stridesOf } from '../../numeric/tensor';
import { gatherFlat } from '../../numeric/tfjs/custom/gather';
import type { TfKernel } from '../../numeric/tfjs/types';

/**
 * Ops each of whose output entries is a copy of one input entry (tile, repeat): given where
 * each output entry comes from, their float64 and TensorFlow.js kernels and their Jacobian
 * (a 0/1 matrix with a single 1 per row) follow.
 */
export type SourceOf = (out: readonly number[], inShape: readonly number[], outShape: readonly number[], attrs: Readonly<Record<string, unknown>>) => number[];

/** The input's flat offset for every output entry, row-major. */
function offsets(source: SourceOf, inShape: readonly number[], outShape: readonly number[], attrs: Readonly<Record<string, unknown>>): Int32Array {
  const strides = stridesOf(inShape);
  const out = new Int32Array(sizeOf(outShape));
  const at = outShape.map(() => 0);
  for (let e = 0; e < out.length; e++) {
    out[e] = source(at, inShape, outShape, attrs).reduce((p, i, j) => p + i * strides[j], 0);
    for (let j = at.length - 1; j >= 0; j--) {
      if (++at[j] < outShape[j]) break;
      at[j] = 0;
    }
  }
  return out;
}

export function copyingF64(source: SourceOf): F64Kernel {
  return ([x], ctx) => {
    const map = offsets(source, x.shape, ctx.shape, ctx.node.attrs);
    return { shape: [...ctx.shape], data: Float64Array.from(map, (i) => x.data[i]) };
  };
}

/** A gather by offset, whose gradient sums the output gradient of every copy into its source. */
export function copyingTf(source: SourceOf): TfKernel {
  return ([x], ctx) => gatherFlat(ctx.tf, x, offsets(source, x.shape, ctx.shape, ctx.node.attrs), ctx.shape) as Tensor;
}

export function copyingJacobian(source: SourceOf, label: { text: string; latex: string }): JacobianRule {
  return {
    wrt: (ctx) => {
      const support: SupportFn = (o, size) => [source(o, ctx.shapes[0].map(size), ctx.node.shape.map(size), ctx.node.attrs)];
      return [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[0]], outShape: [...ctx.node.shape], inShape: [...ctx.shapes[0]], support, label }])];
    },
    explicit: () => ({ structure: 'sparse', formula: sym(`E_${label.text}`, `E_{${label.latex}}`) }),
  };
}
