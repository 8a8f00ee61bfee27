import type { CallExpr, CanonicalOp, Expr, TupleExpr } from '../../ir/program';
import type { Bound } from './bind';

/**
 * `torch.randn_like(x)` and its kin: the creation op of the same name, of x's shape. Only the
 * shape of x is read (`shape(x)`, spliced into the shape tuple), so x stays out of the graph.
 */

export function shapeOf(x: Expr, call: Pick<CallExpr, 'callee'>): TupleExpr {
  return { kind: 'tuple', items: [{ kind: 'call', op: 'shape', args: [x], kwargs: {}, span: x.span, callee: call.callee }], span: x.span };
}

/** A call-table rule: `op(shape(x), ...rest)` for the parameters after x. */
function like(op: CanonicalOp, params: string, rest: (bound: Bound, call: CallExpr) => Expr[] | null = () => []) {
  return {
    op,
    params,
    special: (call: CallExpr, bound: Bound): Expr => {
      const x = bound.get('input');
      const others = x ? rest(bound, call) : null;
      if (!x || !others) return { kind: 'unsupported', text: call.callee, args: call.args, span: call.span };
      return op === 'randint' ? { ...call, args: [...others, shapeOf(x, call)], kwargs: {} } : { ...call, args: [shapeOf(x, call), ...others], kwargs: {} };
    },
  };
}

const num = (value: number, call: CallExpr): Expr => ({ kind: 'num', value, span: call.span });

const DROPPED = '-dtype, -layout, -device, -requires_grad, -memory_format';

export const LIKE_FUNCTIONS = [
  { names: ['torch.randn_like'], rule: like('randn', `input, ${DROPPED}`) },
  { names: ['torch.rand_like'], rule: like('rand', `input, ${DROPPED}`) },
  // Its values are whatever the memory held: zeros will do.
  { names: ['torch.empty_like', 'numpy.empty_like'], rule: like('zeros', `input, ${DROPPED}`) },
  { names: ['torch.full_like', 'numpy.full_like'], rule: like('full', `input, fill_value, ${DROPPED}`, (b) => (b.get('fill_value') ? [b.get('fill_value') as Expr] : null)) },
  {
    // randint_like(x, high) or randint_like(x, low, high).
    names: ['torch.randint_like'],
    rule: like('randint', `input, low, high, ${DROPPED}`, (b, call) => {
      const [low, high] = [b.get('low'), b.get('high')];
      if (low && high) return [low, high];
      return low ? [num(0, call), low] : high ? [num(0, call), high] : null;
    }),
  },
];
