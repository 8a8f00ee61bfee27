import type { Tensor } from '@tensorflow/tfjs-core';
import { sym } from '../../jacobian/formula';
import { flatOf, memo, planShapes, plans, unravel } from '../../jacobian/rules/indexing';
import { type SupportFn, term } from '../../jacobian/term';
import { indexArrays as f64IndexArrays } from '../../numeric/f64/indexing';
import { planIndex } from '../../numeric/index-plan';
import { gatherFlat } from '../../numeric/tfjs/custom/gather';
import { indexArrays as tfIndexArrays } from '../../numeric/tfjs/indexing';
import { type IndexSpec, index as indexRule } from '../../shapes/rules/index';
import { type OpModule, opModule } from '../op';

const itemsOf = (attrs: Readonly<Record<string, unknown>>) => (attrs.items ?? []) as IndexSpec[];

/**
 * x[items], NumPy's basic and advanced indexing: a gather. Its inputs are x and the index
 * arrays the items name; only x is differentiable, and its Jacobian is a selection matrix S
 * (one 1 per row).
 */
export const index: OpModule<'index'> = opModule('index', {
  doc: 'index(x, *arrays, items=) — x[items]: slices, integers, newaxis, ellipsis, integer and boolean arrays',
  signature: { params: ['x'], tensors: 1, shape: indexRule },
  f64: (inputs, ctx) => {
    const x = inputs[0];
    const plan = planIndex(x.shape, itemsOf(ctx.node.attrs), f64IndexArrays(inputs, ctx, 1));
    const data = new Float64Array(plan.offsets.length);
    for (let i = 0; i < data.length; i++) data[i] = x.data[plan.offsets[i]];
    return { shape: plan.shape, data };
  },
  tfjs: (inputs, ctx) => {
    const plan = planIndex(inputs[0].shape, itemsOf(ctx.node.attrs), tfIndexArrays(inputs, ctx, 1));
    return gatherFlat(ctx.tf, inputs[0], plan.offsets, plan.shape) as Tensor;
  },
  jacobian: {
    wrt: (ctx, k) => {
      if (k !== 0) return [];
      const xShape = ctx.shapes[0];
      const get = memo(planShapes(ctx), (size) => plans(ctx.graph, ctx.node, xShape.map(size), size, 0));
      const support: SupportFn = (o, size) => {
        const p = get(size);
        const xs = xShape.map(size);
        return (p.offsets[flatOf(o, ctx.node.shape.map(size))] ?? []).map((off) => unravel(off, xs));
      };
      return [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[0]], outShape: [...ctx.node.shape], inShape: [...xShape], support, label: { text: `gather#${ctx.node.id}`, latex: 'S' } }])];
    },
    explicit: () => ({ structure: 'sparse', formula: sym('S', 'S') }),
  },
  // The graph reading recognises the gathers that have a matrix form itself (P[arange(N), y], eye(K)[y]) before it asks the module.
  symbolic: { unsupported: 'indexing reads as a matrix expression only as a label gather P[arange(N), y] or a one-hot eye(K)[y]' },
  kinks: null,
  // Written with brackets; the front ends emit it from subscripts, not from calls.
  spellings: { python: [] },
});
