import { node, type Src } from '../term';
import { expr, type JacobianRule, pointwise, type RuleContext } from './types';

/**
 * Elementwise maps: J = Diag(vec f′(X)), diagonal in either vec order. With broadcasting
 * the stretched operand's Jacobian repeats its identity down the stretched axis
 * (1_m ⊗ I_n), which the index network says without special cases.
 */

const v = (id: number) => `{n:${id}}`;

/** f(X) whose derivative is a function of the input X or the output F = f(X). */
function unary(derivative: (ctx: RuleContext) => { values: Src[]; coef?: number }): JacobianRule {
  return { wrt: (ctx) => { const d = derivative(ctx); return pointwise(ctx, 0, d.values, d.coef ?? 1); } };
}

const x = (ctx: RuleContext) => ctx.node.inputs[0];

export const ELEMENTWISE_RULES: Record<string, JacobianRule> = {
  copy: unary(() => ({ values: [] })),
  neg: unary(() => ({ values: [], coef: -1 })),
  square: unary((ctx) => ({ values: [node(x(ctx))], coef: 2 })),

  add: { wrt: (ctx, k) => pointwise(ctx, k, []) },
  sub: { wrt: (ctx, k) => pointwise(ctx, k, [], k === 0 ? 1 : -1) },
  // ∂(A ⊙ B)/∂A = Diag(vec B); with B = A both operands contribute: 2·Diag(vec A).
  mul: { wrt: (ctx, k) => pointwise(ctx, k, [node(ctx.node.inputs[1 - k])]) },
  div: {
    wrt: (ctx, k) => {
      const [a, b] = ctx.node.inputs;
      return k === 0 ? pointwise(ctx, 0, [node(b, -1)]) : pointwise(ctx, 1, [node(a), node(b, -2)], -1);
    },
  },
  pow: {
    wrt: (ctx, k) => {
      const [a, b] = ctx.node.inputs;
      const exponent = ctx.graph.nodes[b];
      if (k === 0 && exponent.op === 'const' && typeof exponent.attrs.value === 'number') {
        const p = exponent.attrs.value;
        return p === 0 ? [] : pointwise(ctx, 0, p === 1 ? [] : [node(a, p - 1)], p);
      }
      if (k === 0) return pointwise(ctx, 0, [expr(ctx.node.id, 'pow′a', `${v(b)} ⊙ ${v(a)}^(${v(b)} − 1)`, `${v(b)} \\odot ${v(a)}^{\\circ(${v(b)} - 1)}`)]);
      return pointwise(ctx, 1, [node(ctx.node.id), expr(a, 'log', `log ${v(a)}`, `\\log ${v(a)}`)]);
    },
  },
  maximum: { wrt: (ctx, k) => pointwise(ctx, k, [selector(ctx, k, '≥', '\\geq')]) },
  minimum: { wrt: (ctx, k) => pointwise(ctx, k, [selector(ctx, k, '≤', '\\leq')]) },
  // where(c, a, b): the mask picks the operand; the condition itself has zero derivative.
  where: {
    wrt: (ctx, k) => {
      const c = ctx.node.inputs[0];
      if (k === 0) return [];
      return pointwise(ctx, k, [expr(c, k === 1 ? 'mask' : 'not-mask', k === 1 ? `1[${v(c)}]` : `1[¬${v(c)}]`, k === 1 ? `\\mathbb{1}[${v(c)}]` : `\\mathbb{1}[\\lnot ${v(c)}]`)]);
    },
  },
  // Comparisons give booleans and *_like give constants: no derivative.
  gt: { wrt: () => [] },
  ge: { wrt: () => [] },
  lt: { wrt: () => [] },
  le: { wrt: () => [] },
  eq: { wrt: () => [] },
  zeros_like: { wrt: () => [] },
  ones_like: { wrt: () => [] },
};

/** 1[a ≥ b] for maximum's first operand (ties go to the first), 1[a < b] for the second. */
function selector(ctx: RuleContext, k: number, op: string, latexOp: string): Src {
  const [a, b] = ctx.node.inputs;
  const text = k === 0 ? `1[${v(a)} ${op} ${v(b)}]` : `1[¬(${v(a)} ${op} ${v(b)})]`;
  const latex = k === 0 ? `\\mathbb{1}[${v(a)} ${latexOp} ${v(b)}]` : `\\mathbb{1}[\\lnot(${v(a)} ${latexOp} ${v(b)})]`;
  return expr(ctx.node.id, `select${k}`, text, latex);
}
