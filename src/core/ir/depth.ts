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

/**
 * The nesting depth of an expression (a name is 1), counted without recursion; stops counting
 * past `limit`. Every statement is measured, so the walk allocates only its two stacks.
 */
export function exprDepth(root: Expr, limit = Infinity): number {
  let max = 0;
  const exprs: Expr[] = [root];
  const depths: number[] = [1];
  while (exprs.length) {
    const e = exprs.pop() as Expr;
    const d = depths.pop() as number;
    if (d > max) {
      max = d;
      if (max > limit) return max;
    }
    const before = exprs.length;
    pushChildren(e, exprs);
    for (let i = before; i < exprs.length; i++) depths.push(d + 1);
  }
  return max;
}

function pushChildren(e: Expr, out: Expr[]): void {
  switch (e.kind) {
    case 'call':
      for (const a of e.args) out.push(a);
      for (const k in e.kwargs) out.push(e.kwargs[k]);
      return;
    case 'tuple':
      for (const item of e.items) out.push(item);
      return;
    case 'unsupported':
      for (const a of e.args) out.push(a);
      return;
    case 'index':
      out.push(e.target);
      for (const it of e.items) {
        if (it.kind === 'expr') out.push(it.expr);
        else if (it.kind === 'slice') {
          if (it.start) out.push(it.start);
          if (it.stop) out.push(it.stop);
          if (it.step) out.push(it.step);
        }
      }
      return;
    default:
      return;
  }
}

function tooDeep(e: Expr): boolean {
  return exprDepth(e, MAX_EXPR_DEPTH) > MAX_EXPR_DEPTH;
}

/** Whether an expression the statement itself holds (not its body) is nested too deeply. */
function holdsTooDeep(s: Stmt): boolean {
  switch (s.kind) {
    case 'assign':
    case 'expr':
      return tooDeep(s.value);
    case 'declare':
      return s.dims !== null && s.dims.some(tooDeep);
    case 'for':
      return tooDeep(s.iter);
    case 'if':
      return tooDeep(s.test);
    case 'cycle':
      return false;
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
      const deep = level > MAX_EXPR_DEPTH || holdsTooDeep(s);
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
