import type { GradSaveFunc, Tensor } from '@tensorflow/tfjs-core';
import { sym } from '../../jacobian/formula';
import { type SupportFn, term } from '../../jacobian/term';
import type { F64Tensor } from '../../numeric/tensor';
import { sameShape } from '../../shapes/rules/elementwise';
import { normAxis } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';

/** The axes a call reverses: all of them when none is given (NumPy's axis=None). */
function axesOf(attrs: Readonly<Record<string, unknown>>, rank: number): number[] {
  const raw = attrs.axis;
  const list = raw === null || raw === undefined ? [...Array(rank).keys()] : Array.isArray(raw) ? raw : [raw];
  return list.flatMap((a) => {
    const n = typeof a === 'number' ? normAxis(a, rank) : null;
    return n === null ? [] : [n];
  });
}

/** The row-major offset of the mirror of each element, for a tensor of `shape`. */
function mirror(shape: readonly number[], axes: readonly number[]): Int32Array {
  const n = shape.reduce((p, d) => p * d, 1);
  const out = new Int32Array(n);
  const flipped = shape.map((_, j) => axes.includes(j));
  for (let e = 0; e < n; e++) {
    let rest = e;
    let at = 0;
    let stride = 1;
    for (let j = shape.length - 1; j >= 0; j--) {
      const i = rest % shape[j];
      rest = Math.floor(rest / shape[j]);
      at += (flipped[j] ? shape[j] - 1 - i : i) * stride;
      stride *= shape[j];
    }
    out[e] = at;
  }
  return out;
}

export const flip: OpModule<'flip'> = opModule('flip', {
  doc: 'flip(x, axis=None) — the order of the entries reversed along the given axes (all when None)',
  signature: { params: ['x', 'axis'], tensors: 1, shape: sameShape, defaults: { axis: null } },
  f64: ([x]: F64Tensor[], ctx) => {
    const m = mirror(x.shape, axesOf(ctx.node.attrs, x.shape.length));
    return { shape: [...x.shape], data: Float64Array.from(m, (at) => x.data[at]) };
  },
  tfjs: ([x], ctx) => {
    const { tf } = ctx;
    const axes = axesOf(ctx.node.attrs, x.shape.length);
    if (axes.length === 0) return tf.clone(x);
    // Reversing is its own inverse: the gradient is the output gradient reversed the same way.
    const reversed = tf.customGrad((t, save) => {
      (save as GradSaveFunc)([]);
      return { value: tf.reverse(t as Tensor, axes), gradFunc: (dy) => tf.reverse(dy as Tensor, axes) };
    });
    return reversed(x) as Tensor;
  },
  jacobian: {
    wrt: (ctx) => {
      const axes = axesOf(ctx.node.attrs, ctx.node.shape.length);
      const support: SupportFn = (o, size) => [o.map((i, j) => (axes.includes(j) ? size(ctx.node.shape[j]) - 1 - i : i))];
      return [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[0]], outShape: [...ctx.node.shape], inShape: [...ctx.shapes[0]], support, label: { text: 'flip', latex: '\\mathrm{flip}' } }])];
    },
    explicit: () => ({ structure: 'permutation', formula: sym('P_flip', '\\Pi_{\\mathrm{flip}}') }),
  },
  symbolic: { unsupported: 'a flip permutes entries, which matrix calculus here does not write; Check Gradients differentiates it numerically' },
  kinks: null,
  spellings: {
    python: [
      { names: ['numpy.flip', 'tensorflow.reverse'], params: 'x, axis=' },
      { names: ['torch.flip'], params: 'x, dims=axis' },
      { names: ['numpy.fliplr'], params: 'x', attrs: { axis: 1 } },
      { names: ['numpy.flipud'], params: 'x', attrs: { axis: 0 } },
    ],
    methods: [{ names: ['flip'], params: 'x, dims=axis' }],
  },
});
