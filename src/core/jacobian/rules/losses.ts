import { delta, tensor, term } from '../term';
import { expr, type JacobianRule } from './types';

/**
 * Fused losses. cross_entropy (PyTorch: mean over N of −log softmax at the target) has
 * ∂/∂logits = (S − Y)/N, one dense row; softmax_cross_entropy (TensorFlow: one value per
 * row) has row n depending on row n only: blockdiag((sₙ − yₙ)ᵀ) in row-major order.
 * Integer class targets are not differentiable: zero.
 */
export const LOSS_RULES: Record<string, JacobianRule> = {
  cross_entropy: {
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
  softmax_cross_entropy: {
    wrt: (ctx, k) => {
      const [labels, logits] = ctx.node.inputs;
      const rank = ctx.shapes[1].length;
      const ties = ctx.in[k].slice(0, rank - 1).flatMap((ix, j) => delta(ctx.out[j], ix));
      if (k === 0) return [term([...ties, ...tensor(expr(logits, 'sce-labels', `log_softmax({n:${logits}})`, `\\log\\operatorname{softmax}({n:${logits}})`), [...ctx.in[0]])], -1)];
      return [term([...ties, ...tensor(expr(logits, `sce-logits${labels}`, `softmax({n:${logits}}) − {n:${labels}}`, `\\operatorname{softmax}({n:${logits}}) - {n:${labels}}`), [...ctx.in[1]])])];
    },
  },
};
