import type { Tensor } from '@tensorflow/tfjs-core';
import { tensor, term } from '../../jacobian/term';
import { expr } from '../../jacobian/rules/types';
import { logSoftmax as f64LogSoftmax } from '../../numeric/f64/softmax';
import type { F64Tensor } from '../../numeric/tensor';
import { asFloat } from '../../numeric/tfjs/dtype';
import { logSoftmax as tfLogSoftmax } from '../../numeric/tfjs/softmax';
import { formatDim, formatShape } from '../../shapes/dim';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';

/** F.cross_entropy(logits (N, C), target): class indices (N,) or probabilities (N, C); mean over N. */
const crossEntropy: ShapeRule = ([logits, target], _attrs, ctx) => {
  if (logits.shape.length !== 2) return fail(`cross_entropy expects logits of shape (N, C), got ${formatShape(logits.shape)}`, [0], { partial: [] });
  const [n] = logits.shape;
  if (target.shape.length === 1) {
    if (!ctx.bindings.same(n, target.shape[0])) return fail(`the batch sizes differ (${formatDim(n)} vs ${formatDim(target.shape[0])})`, [0, 1], { partial: [] });
    return { shape: [], dtype: 'float' };
  }
  if (target.shape.length === 2 && ctx.bindings.same(n, target.shape[0]) && ctx.bindings.same(logits.shape[1], target.shape[1])) return { shape: [], dtype: 'float' };
  return fail('the target must be class indices (N,) or probabilities (N, C) matching the logits', [0, 1], { partial: [] });
};

function f64CrossEntropy([logits, target]: F64Tensor[]): F64Tensor {
  if (logits.shape.length !== 2) throw new Error(`cross_entropy expects logits (N, C), got (${logits.shape.join(', ')})`);
  const [n, c] = logits.shape;
  const l = f64LogSoftmax(logits, 1);
  let total = 0;
  if (target.shape.length === 1) {
    for (let i = 0; i < n; i++) {
      const t = target.data[i];
      if (!Number.isInteger(t) || t < 0 || t >= c) throw new Error(`target ${t} is out of range for ${c} classes`);
      total -= l.data[i * c + t];
    }
  } else {
    for (let i = 0; i < n * c; i++) total -= target.data[i] * l.data[i];
  }
  return { shape: [], data: Float64Array.of(total / n) };
}

/**
 * PyTorch's fused loss: the mean over N of −log softmax at the target. Its Jacobian with
 * respect to the logits is (S − Y)/N, one dense row; integer class targets are not
 * differentiable (zero), probability targets give −log softmax(Z)/N.
 */
export const cross_entropy: OpModule<'cross_entropy'> = opModule('cross_entropy', {
  doc: 'cross_entropy(logits, target) — PyTorch F.cross_entropy: integer class targets (N,) or probabilities (N,C); mean over N',
  signature: { params: ['logits', 'target'], tensors: 2, shape: crossEntropy },
  f64: f64CrossEntropy,
  tfjs: ([logits, target], { tf }) => {
    const l = tfLogSoftmax(tf, logits, 1);
    const [n, c] = l.shape;
    const t = target.rank === 1 ? tf.oneHot(tf.cast(target, 'int32'), c) : asFloat(tf, target);
    return tf.div(tf.neg(tf.sum(tf.mul(asFloat(tf, t), l))), n) as Tensor;
  },
  jacobian: {
    wrt: (ctx, k) => {
      const [logits, target] = ctx.node.inputs;
      const n = ctx.shapes[0][0];
      if (k === 1) {
        if (ctx.graph.nodes[target].dtype !== 'float') return [];
        return [term(tensor(expr(logits, 'ce-target', `log_softmax({n:${logits}})`, `\\log\\operatorname{softmax}({n:${logits}})`), [...ctx.in[1]]), -1, [n])];
      }
      const y = ctx.graph.nodes[target].dtype === 'float' ? `{n:${target}}` : `onehot({n:${target}})`;
      return [term(tensor(expr(logits, `ce-logits${target}`, `softmax({n:${logits}}) − ${y}`, `\\operatorname{softmax}({n:${logits}}) - ${y}`), [...ctx.in[0]]), 1, [n])];
    },
  },
  symbolic: { unsupported: 'the fused loss has no matrix-calculus rule here; written out as a log-softmax and a mean it is read op by op' },
  kinks: null,
  spellings: { python: [{ names: ['torch.nn.functional.cross_entropy'], params: 'x, target' }] },
});
