import type { Src } from '../term';
import { type JacobianRule, pointwise, type RuleContext } from './types';

/**
 * Elementwise maps: J = Diag(vec f′(X)), diagonal in either vec order. With broadcasting
 * the stretched operand's Jacobian repeats its identity down the stretched axis
 * (1_m ⊗ I_n), which the index network says without special cases.
 */

/** f(X) whose derivative is a function of the input X or the output F = f(X). */
function unary(derivative: (ctx: RuleContext) => { values: Src[]; coef?: number }): JacobianRule {
  return { wrt: (ctx) => { const d = derivative(ctx); return pointwise(ctx, 0, d.values, d.coef ?? 1); } };
}

export const ELEMENTWISE_RULES: Record<string, JacobianRule> = {
  copy: unary(() => ({ values: [] })),

  // *_like give constants: no derivative.
  zeros_like: { wrt: () => [] },
  ones_like: { wrt: () => [] },
};
