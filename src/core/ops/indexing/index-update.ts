import type { Tensor } from '@tensorflow/tfjs-core';
import { sym } from '../../jacobian/formula';
import { flatOf, memo, planShapes, plans, unravel } from '../../jacobian/rules/indexing';
import { expr, pointwise, type RuleContext } from '../../jacobian/rules/types';
import type { JacobianRule } from '../../jacobian/rules/types';
import { type SupportFn, term } from '../../jacobian/term';
import { broadcastTo } from '../../numeric/f64/broadcast';
import { indexArrays as f64IndexArrays } from '../../numeric/f64/indexing';
import type { F64Kernel } from '../../numeric/f64/types';
import { lastWriter, planIndex } from '../../numeric/index-plan';
import { sizeOf } from '../../numeric/tensor';
import { gatherFlat } from '../../numeric/tfjs/custom/gather';
import { asType } from '../../numeric/tfjs/dtype';
import { indexArrays as tfIndexArrays } from '../../numeric/tfjs/indexing';
import type { TfKernel, TfKernelContext } from '../../numeric/tfjs/types';
import { type IndexSpec, indexUpdate as indexUpdateRule } from '../../shapes/rules/index';
import { type OpModule, opModule } from '../op';

const itemsOf = (attrs: Readonly<Record<string, unknown>>) => (attrs.items ?? []) as IndexSpec[];

const UPDATE: Record<string, (x: number, v: number) => number> = {
  set: (_x, v) => v,
  add: (x, v) => x + v,
  sub: (x, v) => x - v,
  mul: (x, v) => x * v,
  div: (x, v) => x / v,
};

/**
 * `x[items] op= v`: NumPy reads the indexed part once, then writes; a repeated index keeps the
 * last write. Mode `accumulate` is np.add.at, which adds every write.
 */
const f64IndexUpdate: F64Kernel = (inputs, ctx) => {
  const [x, v] = inputs;
  const plan = planIndex(x.shape, itemsOf(ctx.node.attrs), f64IndexArrays(inputs, ctx, 2));
  const value = broadcastTo(v, plan.shape);
  const data = x.data.slice();
  if (ctx.node.attrs.mode === 'accumulate') {
    // np.add.at: every index contributes, a repeated one once per time it appears.
    for (let i = 0; i < plan.offsets.length; i++) data[plan.offsets[i]] += value.data[i];
    return { shape: [...x.shape], data };
  }
  const op = UPDATE[String(ctx.node.attrs.mode ?? 'set')] ?? UPDATE.set;
  const writer = lastWriter(x.data.length, plan.offsets);
  for (let p = 0; p < data.length; p++) if (writer[p] >= 0) data[p] = op(x.data[p], value.data[writer[p]]);
  return { shape: [...x.shape], data };
};

/**
 * `x[items] op= v` as gathers: for `=`, each element comes from x or from v (the last
 * write wins, as in NumPy); for `+=` and the like, x meets the value gathered from v, or the
 * op's identity appended to v where nothing is written.
 */
const tfIndexUpdate: TfKernel = (inputs, ctx) => {
  const { tf } = ctx;
  const [x, v] = inputs;
  const plan = planIndex(x.shape, itemsOf(ctx.node.attrs), tfIndexArrays(inputs, ctx, 2));
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
};

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

/** With respect to v: each x position receives the v elements written to it. */
function scatter(ctx: RuleContext): ReturnType<JacobianRule['wrt']> {
  const xShape = ctx.shapes[0];
  const vShape = ctx.shapes[1];
  const get = memo(planShapes(ctx), (size) => {
    const p = plans(ctx.graph, ctx.node, xShape.map(size), size, 1);
    const vs = vShape.map(size);
    const into = new Map<number, Set<number>>();
    p.offsets.forEach((offs, e) => {
      const m = unravel(e, p.shape);
      // v broadcasts onto the indexed part, aligned from the right.
      const vm = vs.map((d, j) => (d === 1 ? 0 : m[j + m.length - vs.length]));
      for (const off of offs) {
        const set = into.get(off) ?? new Set<number>();
        set.add(flatOf(vm, vs));
        into.set(off, set);
      }
    });
    return { into, vs };
  });
  const support: SupportFn = (o, size) => {
    const { into, vs } = get(size);
    return [...(into.get(flatOf(o, xShape.map(size))) ?? [])].map((f) => unravel(f, vs));
  };
  return [term([{ kind: 'explicit', out: [...ctx.out], in: [...ctx.in[1]], outShape: [...ctx.node.shape], inShape: [...vShape], support, label: { text: `scatter#${ctx.node.id}`, latex: 'S' } }])];
}

/**
 * x[items] op= v (mode set, add, sub, mul, div, or accumulate for np.add.at): the traced form
 * of an in-place update, a scatter of v into a copy of x. Its inputs are x, v and the index
 * arrays the items name.
 */
export const index_update: OpModule<'index_update'> = opModule('index_update', {
  doc: 'index_update(x, v, *arrays, items=, mode=) — x[items] op= v, as a new value (NumPy semantics; accumulate is np.add.at)',
  signature: { params: ['x', 'value'], tensors: 2, shape: indexUpdateRule },
  f64: f64IndexUpdate,
  tfjs: tfIndexUpdate,
  jacobian: {
    wrt: (ctx, k) => {
      if (k >= 2) return [];
      if (k === 1) return scatter(ctx);
      const mode = ctx.node.attrs.mode;
      if (mode === 'add' || mode === 'sub' || mode === 'accumulate') return pointwise(ctx, 0, []);
      // Written positions lose (set) or rescale (mul, div) their old value: still at most the diagonal.
      return pointwise(ctx, 0, [expr(ctx.node.id, `update-${String(mode)}`, mode === 'set' ? '1[not written]' : `∂(x ${mode === 'mul' ? '*' : '/'}= v)/∂x`, mode === 'set' ? '\\mathbb{1}[\\text{not written}]' : '\\partial_x')]);
    },
    explicit: () => ({ structure: 'sparse', formula: sym('Sᵀ', 'S^\\top') }),
  },
  symbolic: { unsupported: 'an in-place update has no matrix form: the matrix notation has no "these entries of X, replaced"' },
  kinks: null,
  // Written as an augmented assignment; the tracer emits it, no call spells it.
  spellings: { python: [] },
});
