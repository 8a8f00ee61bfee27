import { delta, tensor, term } from '../../jacobian/term';
import { expr } from '../../jacobian/rules/types';
import { logSoftmax as f64LogSoftmax } from '../../numeric/f64/softmax';
import type { F64Tensor } from '../../numeric/tensor';
import { asFloat } from '../../numeric/tfjs/dtype';
import { logSoftmax as tfLogSoftmax } from '../../numeric/tfjs/softmax';
import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';

/** tf.nn.softmax_cross_entropy_with_logits(labels, logits): one value per row. */
const softmaxCrossEntropy: ShapeRule = ([labels, logits], _attrs, ctx) => {
  const same = labels.shape.length === logits.shape.length && labels.shape.every((d, i) => ctx.bindings.same(d, logits.shape[i]));
  if (!same) return fail('labels and logits must have the same shape', [0, 1], { partial: logits.shape.slice(0, -1) });
  return { shape: logits.shape.slice(0, -1), dtype: 'float' };
};

/** −Σ labels·log_softmax(logits) per row. */
function f64SoftmaxCrossEntropy([labels, logits]: F64Tensor[]): F64Tensor {
  const l = f64LogSoftmax(logits, -1);
  const c = logits.shape[logits.shape.length - 1];
  const rows = l.data.length / c;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let k = 0; k < c; k++) s -= labels.data[r * c + k] * l.data[r * c + k];
    out[r] = s;
  }
  return { shape: logits.shape.slice(0, -1), data: out };
}

/**
 * TensorFlow's fused loss, one value per row: row n depends on row n only, so its Jacobian
 * is blockdiag((sₙ − yₙ)ᵀ) in row-major order (−log sₙ with respect to the labels).
 */
export const softmax_cross_entropy: OpModule<'softmax_cross_entropy'> = opModule('softmax_cross_entropy', {
  doc: 'softmax_cross_entropy(labels, logits) — tf.nn.softmax_cross_entropy_with_logits: one value per row',
  signature: { params: ['labels', 'logits'], tensors: 2, shape: softmaxCrossEntropy },
  f64: f64SoftmaxCrossEntropy,
  tfjs: ([labels, logits], { tf }) => tf.neg(tf.sum(tf.mul(asFloat(tf, labels), tfLogSoftmax(tf, logits)), -1)),
  jacobian: {
    wrt: (ctx, k) => {
      const [labels, logits] = ctx.node.inputs;
      const rank = ctx.shapes[1].length;
      const ties = ctx.in[k].slice(0, rank - 1).flatMap((ix, j) => delta(ctx.out[j], ix));
      if (k === 0) return [term([...ties, ...tensor(expr(logits, 'sce-labels', `log_softmax({n:${logits}})`, `\\log\\operatorname{softmax}({n:${logits}})`), [...ctx.in[0]])], -1)];
      return [term([...ties, ...tensor(expr(logits, `sce-logits${labels}`, `softmax({n:${logits}}) − {n:${labels}}`, `\\operatorname{softmax}({n:${logits}}) - {n:${labels}}`), [...ctx.in[1]])])];
    },
  },
  symbolic: { unsupported: 'the fused loss has no matrix-calculus rule here; written out as a log-softmax and a sum it is read op by op' },
  kinks: null,
  spellings: {
    python: [{ names: ['tensorflow.nn.softmax_cross_entropy_with_logits', 'tensorflow.nn.softmax_cross_entropy_with_logits_v2'], params: 'labels, logits, axis=' }],
  },
});
