/**
 * The matrix-calculus notation of notes, written with the graph ops the interpreter
 * already has, so that shapes, kernels and gradients come for free:
 *
 *   vec(X)     column-major vectorisation: the columns of X stacked, reshape(Xᵀ, (-1, 1))
 *   A ⊗ B      Kronecker product: (A[i,j]·B[k,l]) at row i·p+k, column j·q+l, as a
 *              broadcast product of A (m,1,n,1) and B (1,p,1,q) with its axes merged
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
  const expand = (x: Expr, first: number, second: number) => call('expand_dims', [call('expand_dims', [x, num(first, span)], span, callee), num(second, span)], span, callee);
  const blocks = call('mul', [expand(a, 1, 3), expand(b, 0, 2)], span, callee);
  const rows = call('flatten', [blocks], span, callee, { start_dim: num(0, span), end_dim: num(1, span) });
  return call('flatten', [rows], span, callee, { start_dim: num(1, span), end_dim: num(2, span) });
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
  if (e.kind !== 'call' || e.op !== 'flatten') return null;
  const rows = e.args[0];
  if (rows?.kind !== 'call' || rows.op !== 'flatten') return null;
  const blocks = rows.args[0];
  if (blocks?.kind !== 'call' || blocks.op !== 'mul' || blocks.args.length !== 2) return null;
  const unexpand = (x: Expr): Expr | null => {
    if (x.kind !== 'call' || x.op !== 'expand_dims') return null;
    const inner = x.args[0];
    return inner?.kind === 'call' && inner.op === 'expand_dims' ? (inner.args[0] ?? null) : null;
  };
  const a = unexpand(blocks.args[0]);
  const b = unexpand(blocks.args[1]);
  return a && b ? [a, b] : null;
}
