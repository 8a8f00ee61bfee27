import { formatDim, formatShape } from '../dim';
import { fail, type ShapeRule } from './types';

/** F.cross_entropy(logits (N, C), target): class indices (N,) or probabilities (N, C); mean over N. */
export const crossEntropy: ShapeRule = ([logits, target], _attrs, ctx) => {
  if (logits.shape.length !== 2) return fail(`cross_entropy expects logits of shape (N, C), got ${formatShape(logits.shape)}`, [0], { partial: [] });
  const [n] = logits.shape;
  if (target.shape.length === 1) {
    if (!ctx.bindings.same(n, target.shape[0])) return fail(`the batch sizes differ (${formatDim(n)} vs ${formatDim(target.shape[0])})`, [0, 1], { partial: [] });
    return { shape: [], dtype: 'float' };
  }
  if (target.shape.length === 2 && ctx.bindings.same(n, target.shape[0]) && ctx.bindings.same(logits.shape[1], target.shape[1])) return { shape: [], dtype: 'float' };
  return fail('the target must be class indices (N,) or probabilities (N, C) matching the logits', [0, 1], { partial: [] });
};

/** tf.nn.softmax_cross_entropy_with_logits(labels, logits): one value per row. */
export const softmaxCrossEntropy: ShapeRule = ([labels, logits], _attrs, ctx) => {
  const same = labels.shape.length === logits.shape.length && labels.shape.every((d, i) => ctx.bindings.same(d, logits.shape[i]));
  if (!same) return fail('labels and logits must have the same shape', [0, 1], { partial: logits.shape.slice(0, -1) });
  return { shape: logits.shape.slice(0, -1), dtype: 'float' };
};
