import { type Problem, problem } from './problem';
import type { DefStmt, Expr, Program, Stmt } from './program';

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
    case 'dict':
      for (let i = 0; i < e.items.length && max < below; i++) max = deeper(max, e.items[i], below);
      break;
    case 'unsupported':
      for (let i = 0; i < e.args.length && max < below; i++) max = deeper(max, e.args[i], below);
      break;
    case 'invoke':
      for (let i = 0; i < e.args.length && max < below; i++) max = deeper(max, e.args[i], below);
      for (const k in e.kwargs) if (max < below) max = deeper(max, e.kwargs[k], below);
      break;
    case 'comprehension':
      max = deeper(deeper(max, e.body, below), e.iter, below);
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
    case 'def':
    case 'class':
      return false;
  }
}

/**
 * The program without the statements nested deeper than MAX_EXPR_DEPTH (expressions, or
 * blocks inside blocks), each replaced by a 'too-deep' warning on its span.
 */
export function limitDepth(program: Program): Program {
  const problems: Problem[] = [];
  const stmts = keepWithinDepth(program.stmts, 1, problems);
  if (!problems.length) return program;
  return { ...program, stmts, problems: [...program.problems, ...problems].sort((a, b) => a.span.start - b.span.start) };
}

/**
 * A top-level statement as it can be traced: itself, or a copy whose blocks lack their
 * too-deep statements; undefined when it is too deep itself. Each left-out statement adds
 * a 'too-deep' warning to `problems`.
 */
export function withinDepth(s: Stmt, problems: Problem[], level = 1): Stmt | undefined {
  if (level > MAX_EXPR_DEPTH || holdsTooDeep(s)) {
    problems.push(problem('too-deep', 'warning', s.span, tooDeepMessage()));
    return undefined;
  }
  if (s.kind === 'for') {
    const body = keepWithinDepth(s.body, level + 1, problems);
    return body === s.body ? s : { ...s, body };
  }
  if (s.kind === 'if') {
    const body = keepWithinDepth(s.body, level + 1, problems);
    const orelse = keepWithinDepth(s.orelse, level + 1, problems);
    return body === s.body && orelse === s.orelse ? s : { ...s, body, orelse };
  }
  if (s.kind === 'def') {
    const head = keepWithinDepth(s.head, level + 1, problems);
    const body = keepWithinDepth(s.body, level + 1, problems);
    return body === s.body && head === s.head ? s : { ...s, head, body };
  }
  if (s.kind === 'class') {
    const methods = keepWithinDepth(s.methods, level + 1, problems) as DefStmt[];
    return methods === s.methods ? s : { ...s, methods };
  }
  return s;
}

/** The block itself when every statement in it is within depth, else a copy without the others. */
function keepWithinDepth(stmts: Stmt[], level: number, problems: Problem[]): Stmt[] {
  let out: Stmt[] | undefined;
  for (let i = 0; i < stmts.length; i++) {
    const kept = withinDepth(stmts[i], problems, level);
    if (kept !== stmts[i] && !out) out = stmts.slice(0, i);
    if (out && kept) out.push(kept);
  }
  return out ?? stmts;
}
