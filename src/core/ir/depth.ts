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
 * The nesting depth of an expression (a name is 1); stops counting past `limit`, so the
 * recursion is at most limit + 1 calls deep whatever the expression. Every statement is
 * measured: the walk allocates nothing.
 */
export function exprDepth(root: Expr, limit = MAX_EXPR_DEPTH): number {
  return depthUpTo(root, limit + 1);
}

/** min(depth of e, cap); children are skipped once one reaches the cap. */
function depthUpTo(e: Expr, cap: number): number {
  if (cap <= 1) return 1;
  const below = cap - 1;
  let max = 0;
  switch (e.kind) {
    case 'call':
      for (let i = 0; i < e.args.length && max < below; i++) max = deeper(max, e.args[i], below);
      for (const k in e.kwargs) if (max < below) max = deeper(max, e.kwargs[k], below);
      break;
    case 'tuple':
      for (let i = 0; i < e.items.length && max < below; i++) max = deeper(max, e.items[i], below);
      break;
    case 'unsupported':
      for (let i = 0; i < e.args.length && max < below; i++) max = deeper(max, e.args[i], below);
      break;
    case 'index':
      max = deeper(max, e.target, below);
      for (let i = 0; i < e.items.length && max < below; i++) {
        const it = e.items[i];
        if (it.kind === 'expr') max = deeper(max, it.expr, below);
        else if (it.kind === 'slice') max = deeper(deeper(deeper(max, it.start, below), it.stop, below), it.step, below);
      }
      break;
    default:
      break;
  }
  return 1 + max;
}

function deeper(max: number, child: Expr | undefined, cap: number): number {
  if (!child) return max;
  const d = depthUpTo(child, cap);
  return d > max ? d : max;
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
