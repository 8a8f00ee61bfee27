import { type Problem, problem } from './problem';
import type { Expr, Program, Stmt } from './program';

/**
 * How deeply nested an expression (or a block of statements) the core follows. The tracer,
 * the symbolic differentiator and the printers recurse over expressions, so an expression
 * nested thousands of levels deep (generated code, a fuzzer, 2,000 parentheses) would
 * exhaust the stack; Python itself refuses more than 200 nested parentheses. A statement
 * deeper than this is skipped with a 'too-deep' problem and the analysis goes on.
 */
export const MAX_EXPR_DEPTH = 200;

export function tooDeepMessage(what = 'This statement', skipped = true): string {
  return `${what} is nested more than ${MAX_EXPR_DEPTH} levels deep, deeper than Grad Lens reads${skipped ? '; it is skipped' : ''}`;
}

/** The nesting depth of an expression (a name is 1), counted without recursion; stops counting past `limit`. */
export function exprDepth(root: Expr, limit = Infinity): number {
  let max = 0;
  const stack: [Expr, number][] = [[root, 1]];
  while (stack.length) {
    const [e, d] = stack.pop() as [Expr, number];
    if (d > max) {
      max = d;
      if (max > limit) return max;
    }
    for (const c of children(e)) stack.push([c, d + 1]);
  }
  return max;
}

function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'call':
      return [...e.args, ...Object.values(e.kwargs)];
    case 'tuple':
      return e.items;
    case 'unsupported':
      return e.args;
    case 'index': {
      const out: Expr[] = [e.target];
      for (const it of e.items) {
        if (it.kind === 'expr') out.push(it.expr);
        else if (it.kind === 'slice') for (const x of [it.start, it.stop, it.step]) if (x) out.push(x);
      }
      return out;
    }
    default:
      return [];
  }
}

function stmtExprs(s: Stmt): Expr[] {
  switch (s.kind) {
    case 'assign':
      return [s.value];
    case 'declare':
      return s.dims ?? [];
    case 'for':
      return [s.iter];
    case 'if':
      return [s.test];
    case 'expr':
      return [s.value];
    case 'cycle':
      return [];
  }
}

/**
 * The program without the statements nested deeper than MAX_EXPR_DEPTH (expressions, or
 * blocks inside blocks), each replaced by a 'too-deep' warning on its span.
 */
export function limitDepth(program: Program): Program {
  const problems: Problem[] = [];
  const keep = (stmts: Stmt[], level: number): Stmt[] => {
    const out: Stmt[] = [];
    for (const s of stmts) {
      const deep = level > MAX_EXPR_DEPTH || stmtExprs(s).some((e) => exprDepth(e, MAX_EXPR_DEPTH) > MAX_EXPR_DEPTH);
      if (deep) {
        problems.push(problem('too-deep', 'warning', s.span, tooDeepMessage()));
        continue;
      }
      if (s.kind === 'for') out.push({ ...s, body: keep(s.body, level + 1) });
      else if (s.kind === 'if') out.push({ ...s, body: keep(s.body, level + 1), orelse: keep(s.orelse, level + 1) });
      else out.push(s);
    }
    return out;
  };
  const stmts = keep(program.stmts, 1);
  if (!problems.length) return program;
  return { ...program, stmts, problems: [...program.problems, ...problems].sort((a, b) => a.span.start - b.span.start) };
}
