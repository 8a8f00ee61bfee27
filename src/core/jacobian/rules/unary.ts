import { Exprs, type Node, topoOrder, type UnaryFn } from '../../grad/expr';
import { toLatex } from '../../grad/print/latex';
import { toText } from '../../grad/print/text';
import { paramOf, type UnaryOp, unaryTable } from '../../ops/index';
import { node, type Src } from '../term';
import { expr, type JacobianRule, pointwise, type RuleContext } from './types';

/**
 * An elementwise function's Jacobian, Diag(vec f′(X)), from its module's derivative: the
 * same expression the matrix-calculus rule uses, printed with the node placeholders the
 * Jacobian's formulas resolve. A constant factor and a plain power of X or F = f(X) become
 * the coefficient and a node value, so that they cancel and combine like any other.
 */
function derivativeValues(op: UnaryOp, ctx: RuleContext): { values: Src[]; coef: number } | null {
  const x = new Exprs();
  const a = x.variable('a', ['m', 'n']);
  const y = x.fn(op.name as UnaryFn, a, op.param ? paramOf(op, ctx.node.attrs) : undefined);
  let d: Node = op.symbolic.derivative(x, y, a);
  const [input, output] = [ctx.node.inputs[0], ctx.node.id];
  let coef = 1;
  if (d.op === 'mul' && d.args[0].op === 'const') {
    coef = d.args[0].value as number;
    d = d.args[1];
  }
  if (d.op === 'zeros' || coef === 0) return null;
  if (d.op === 'const') return { values: [], coef: coef * (d.value as number) };
  const base = d.op === 'pow' ? d.args[0] : d;
  const power = d.op === 'pow' ? (d.value as number) : 1;
  if (base === a || base === y) return { values: [node(base === a ? input : output, power)], coef };
  const names = new Map<Node, string>([
    [a, `{n:${input}}`],
    [y, `{n:${output}}`],
  ]);
  const readsInput = topoOrder([d]).includes(a);
  const key = `${op.name}′${op.param ? `(${paramOf(op, ctx.node.attrs)})` : ''}`;
  return { values: [expr(readsInput ? input : output, key, toText(d, { names }), toLatex(d, { names }))], coef };
}

function unaryJacobian(op: UnaryOp): JacobianRule {
  return {
    wrt: (ctx) => {
      const d = derivativeValues(op, ctx);
      return d ? pointwise(ctx, 0, d.values, d.coef) : [];
    },
  };
}

/** The Jacobian rules of every elementwise function with a module. */
export const UNARY_RULES: Record<string, JacobianRule> = unaryTable(unaryJacobian);
