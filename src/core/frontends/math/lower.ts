/**
 * The matrix-calculus notation of notes, written with the graph ops the interpreter
 * already has, so that shapes, kernels and gradients come for free:
 *
 *   vec(X)     column-major vectorisation: the columns of X stacked, reshape(Xᵀ, (-1, 1))
 *   A ⊗ B      Kronecker product: (A[i,j]·B[k,l]) at row i·p+k, column j·q+l (the kron op)
 *   Diag(x)    the diagonal matrix of x's entries (x a column vector in the notes)
 *   unvec(g, W)  the inverse of vec, back to W's shape: a gradient with respect to vec(W)
 *              is the gradient with respect to W, vectorised
 *   I_C        the identity with as many rows as C (vec(C·P) = (Pᵀ ⊗ I)·vec(C))
 */
import type { CallExpr, Expr, NumExpr } from '../../ir/program';
import type { Span } from '../../ir/span';

const num = (value: number, span: Span): NumExpr => ({ kind: 'num', value, span });

function call(op: string, args: Expr[], span: Span, callee: string, kwargs: Record<string, Expr> = {}): CallExpr {
  return { kind: 'call', op, args, kwargs, span, callee };
}

export function vec(x: Expr, span: Span, callee: string): CallExpr {
  const columns = call('transpose', [x], span, callee);
  return call('reshape', [columns, { kind: 'tuple', items: [num(-1, span), num(1, span)], span }], span, callee);
}

export function kron(a: Expr, b: Expr, span: Span, callee: string): CallExpr {
  return call('kron', [a, b], span, callee);
}

export function diagonalMatrix(x: Expr, span: Span, callee: string): CallExpr {
  const entries = call('flatten', [x], span, callee, { start_dim: num(0, span), end_dim: num(-1, span) });
  return call('diag', [entries], span, callee);
}

/** `span` for the result, `inner` for the reshape inside it: one statement's value is one node with the statement's span. */
export function unvec(g: Expr, like: string, span: Span, inner: Span, callee: string): CallExpr {
  const dim = (axis: number): CallExpr => call('dim', [{ kind: 'name', name: like, span: inner }, num(axis, inner)], inner, callee);
  const columns = call('reshape', [g, { kind: 'tuple', items: [dim(1), dim(0)], span: inner }], inner, callee);
  return call('transpose', [columns], span, callee);
}

export function identityLike(rowsOf: string, span: Span, callee: string): CallExpr {
  return call('eye', [call('dim', [{ kind: 'name', name: rowsOf, span }, num(0, span)], span, callee)], span, callee);
}

/** W when `e` is vec(W) as vec() writes it, else null. */
export function vecOf(e: Expr): string | null {
  if (e.kind !== 'call' || e.op !== 'reshape') return null;
  const [inner, shape] = e.args;
  if (inner?.kind !== 'call' || inner.op !== 'transpose' || inner.args[0]?.kind !== 'name') return null;
  if (shape?.kind !== 'tuple' || shape.items.length !== 2 || shape.items.some((d, i) => d.kind !== 'num' || d.value !== [-1, 1][i])) return null;
  return inner.args[0].name;
}

/** [A, B] when `e` is A ⊗ B as kron() writes it, else null. */
export function kronOf(e: Expr): [Expr, Expr] | null {
  return e.kind === 'call' && e.op === 'kron' && e.args.length === 2 ? [e.args[0], e.args[1]] : null;
}
