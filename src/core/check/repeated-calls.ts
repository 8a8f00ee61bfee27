import type { Expr, IndexItem, Program, Stmt } from '../ir/program';
import type { Span } from '../ir/span';

/**
 * The bodies of the functions a program calls more than once: from two places, or from
 * inside a loop or a comprehension (`rnn_step_backward` once per time step). A gradient
 * written inside such a body is one call's share (`dWx` of one step, while Wx is used by
 * every step), not the gradient of the variable: it is judged where the calls' results
 * come together, not at each call.
 */
export function repeatedBodies(program: Program): Span[] {
  const bodies = new Map<string, Span>();
  const calls = new Map<string, number>();
  const count = (name: string, times: number) => calls.set(name, (calls.get(name) ?? 0) + times);

  const inExpr = (e: Expr | undefined, repeated: boolean): void => {
    if (!e) return;
    switch (e.kind) {
      case 'invoke':
        // `self.step(x)` calls the method `step`; a loop counts as two calls or more.
        count(e.name.replace(/^self\./, ''), repeated ? 2 : 1);
        e.args.forEach((a) => inExpr(a, repeated));
        Object.values(e.kwargs).forEach((a) => inExpr(a, repeated));
        return;
      case 'call':
        e.args.forEach((a) => inExpr(a, repeated));
        Object.values(e.kwargs).forEach((a) => inExpr(a, repeated));
        return;
      case 'tuple':
      case 'dict':
        e.items.forEach((a) => inExpr(a, repeated));
        return;
      case 'comprehension':
        inExpr(e.iter, repeated);
        inExpr(e.body, true);
        return;
      case 'index':
        inExpr(e.target, repeated);
        e.items.forEach((i) => inItem(i, repeated));
        return;
      case 'unsupported':
        e.args.forEach((a) => inExpr(a, repeated));
        return;
      default:
        return;
    }
  };
  const inItem = (i: IndexItem, repeated: boolean): void => {
    if (i.kind === 'expr') inExpr(i.expr, repeated);
    else if (i.kind === 'slice') [i.start, i.stop, i.step].forEach((x) => inExpr(x, repeated));
  };
  const inStmts = (stmts: Stmt[], repeated: boolean): void => {
    for (const s of stmts) {
      switch (s.kind) {
        case 'assign':
          inExpr(s.value, repeated);
          break;
        case 'expr':
          inExpr(s.value, repeated);
          break;
        case 'for':
          inExpr(s.iter, repeated);
          inStmts(s.body, true);
          break;
        case 'if':
          inExpr(s.test, repeated);
          inStmts(s.body, repeated);
          inStmts(s.orelse, repeated);
          break;
        case 'def':
          bodies.set(s.name, s.span);
          inStmts(s.head, repeated);
          inStmts(s.body, repeated);
          break;
        case 'class':
          inStmts(s.methods, repeated);
          break;
        default:
          break;
      }
    }
  };
  inStmts(program.stmts, false);
  return [...bodies].filter(([name]) => (calls.get(name) ?? 0) > 1).map(([, span]) => span);
}
