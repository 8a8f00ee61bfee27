import type { Tensor } from '@tensorflow/tfjs-core';
import type { F64Tensor } from '../../numeric/tensor';
import { zeroGradient } from '../../numeric/tfjs/gradients/broadcast';
import { formatDim } from '../../shapes/dim';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';

/**
 * `tf.one_hot(y, K)`, `F.one_hot(y, num_classes=K)`: each integer label becomes a row of K
 * entries, on_value at the label and off_value elsewhere (1 and 0 by default); a label
 * outside [0, K) gives a row of off_value, as TensorFlow does. The labels are integers, so
 * the op has no gradient to its input: its output is data to whatever uses it.
 */
type Attrs = Readonly<Record<string, unknown>>;

const valueOf = (attrs: Attrs, key: 'on_value' | 'off_value', fallback: number): number => (typeof attrs[key] === 'number' ? (attrs[key] as number) : fallback);

const oneHotShape: ShapeRule = ([x], attrs) => {
  const depth = attrs.depth;
  if (depth === undefined || depth === null || (typeof depth === 'number' && depth < 0)) {
    return fail('the number of classes is not given (PyTorch would read it from the largest label): write num_classes=K', [0]);
  }
  if (!((typeof depth === 'number' && Number.isInteger(depth)) || (typeof depth === 'string' && depth !== ''))) return fail(`the depth must be one whole number, got ${JSON.stringify(depth)}`, [0]);
  if (typeof attrs.axis === 'number' && attrs.axis !== -1 && attrs.axis !== x.shape.length) return fail(`only the last axis (axis=-1) is read for the classes, got axis=${attrs.axis}`, [0]);
  for (const key of ['on_value', 'off_value'] as const) {
    if (attrs[key] !== undefined && typeof attrs[key] !== 'number') return fail(`${key} must be one number, got ${JSON.stringify(attrs[key])}`, [0]);
  }
  if (x.dtype === 'float') return { shape: [...x.shape, depth], dtype: 'float', warning: `one_hot of a float tensor: its labels should be integers (dtype int32 / int64)` };
  return { shape: [...x.shape, depth], dtype: 'float', note: `a row of ${formatDim(depth)} per label` };
};

/** The class each label picks, or -1 when it is outside [0, depth) and picks none. */
const classOf = (label: number, depth: number): number => {
  const k = Math.trunc(label);
  return k >= 0 && k < depth ? k : -1;
};

function f64OneHot([x]: F64Tensor[], ctx: { shape: number[]; node: { attrs: Attrs } }): F64Tensor {
  const depth = ctx.shape[ctx.shape.length - 1];
  const on = valueOf(ctx.node.attrs, 'on_value', 1);
  const off = valueOf(ctx.node.attrs, 'off_value', 0);
  const data = new Float64Array(x.data.length * depth).fill(off);
  x.data.forEach((label, i) => {
    const k = classOf(label, depth);
    if (k >= 0) data[i * depth + k] = on;
  });
  return { shape: [...x.shape, depth], data };
}

export const oneHot: OpModule<'one_hot'> = opModule('one_hot', {
  doc: 'one_hot(labels, depth) — each integer label as a row of depth entries, 1 at the label and 0 elsewhere',
  signature: { params: ['x', 'depth', 'on_value', 'off_value', 'axis'], tensors: 1, shape: oneHotShape, defaults: { axis: -1 } },
  f64: f64OneHot,
  tfjs: ([x], ctx) => {
    const { tf } = ctx;
    const depth = ctx.shape[ctx.shape.length - 1];
    const on = valueOf(ctx.node.attrs, 'on_value', 1);
    const off = valueOf(ctx.node.attrs, 'off_value', 0);
    const labels = x.dtype === 'int32' ? x : tf.cast(x, 'int32');
    // tf.oneHot's result is int32: on and off values are applied in float32 after it.
    const picked = tf.cast(tf.oneHot(labels as Tensor, depth), 'float32');
    return (on === 1 && off === 0 ? picked : tf.add(tf.mul(picked, on - off), off)) as Tensor;
  },
  // The labels are integers: nothing flows back to them.
  tfjsGradients: [zeroGradient('OneHot', ['indices'])],
  jacobian: { wrt: () => [] },
  symbolic: { unsupported: 'one_hot of a tensor that is not integer labels has no derivative to name; the labels it is meant for make a constant matrix' },
  kinks: null,
  spellings: {
    python: [
      { names: ['tensorflow.one_hot'], params: 'x, depth=, on_value=, off_value=, axis=, -dtype, -name' },
      { names: ['torch.nn.functional.one_hot'], params: 'x, num_classes=depth' },
    ],
  },
});
