/** Shared test helpers: a compact S-expression view of Exprs and span checks by slicing. */
import * as assert from 'node:assert/strict';
import type { AssignStmt, DeclareStmt, Expr, Program, Stmt } from '../../../../src/core/ir/program';
import type { Span } from '../../../../src/core/ir/span';

/** `neg(sum(mul(Y, log(X))))`; kwargs after `;` (softmax(X; axis=-1)); unsupported as `?vec(C)`; `?` for const null. */
export function sx(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return String(e.value);
    case 'str':
      return JSON.stringify(e.value);
    case 'const':
      return e.value === null ? '?' : String(e.value);
    case 'name':
      return e.name;
    case 'tuple':
      return `(${e.items.map(sx).join(', ')})`;
    case 'comprehension':
      return `[${sx(e.body)} for … in ${sx(e.iter)}]`;
    case 'dict':
      return `{${e.keys.map((k, i) => `${JSON.stringify(k)}: ${sx(e.items[i])}`).join(', ')}}`;
    case 'index':
      return `${sx(e.target)}[…]`;
    case 'unsupported':
      return `?${e.text}(${e.args.map(sx).join(', ')})`;
    case 'invoke':
      return `${e.name}!(${e.args.map(sx).join(', ')})`;
    case 'call': {
      const kw = Object.entries(e.kwargs).map(([k, v]) => `${k}=${sx(v)}`);
      return `${e.op}(${e.args.map(sx).join(', ')}${kw.length ? `; ${kw.join(', ')}` : ''})`;
    }
  }
}

export function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

export function assigns(program: Program): AssignStmt[] {
  return program.stmts.filter((s): s is AssignStmt => s.kind === 'assign');
}

export function declarations(program: Program): DeclareStmt[] {
  return program.stmts.filter((s): s is DeclareStmt => s.kind === 'declare');
}

/** `X = softmax(matmul(matmul(C, B), A); axis=-1)` for each assignment, in program order. */
export function equations(program: Program): string[] {
  return assigns(program).map((s) => `${s.target.kind === 'name' ? s.target.name : '?'} = ${sx(s.value)}`);
}

/** `A[1024, 10]` for each declaration, in program order. */
export function shapes(program: Program): string[] {
  return declarations(program).map((d) => `${d.name}[${(d.dims ?? []).map(sx).join(', ')}]`);
}

export function stmtKinds(program: Program): string[] {
  return program.stmts.map((s: Stmt) => (s.kind === 'assign' && s.target.kind === 'name' ? `=${s.target.name}` : s.kind === 'declare' ? `:${s.name}` : s.kind === 'cycle' ? `@${s.name}` : s.kind));
}

/** Every child span lies within its parent's, and the root within `outer`; spans are non-empty. */
export function assertNested(e: Expr, outer: Span, text: string): void {
  assert.ok(e.span.start < e.span.end, `empty span for ${sx(e)}`);
  assert.ok(e.span.start >= outer.start && e.span.end <= outer.end, `span of ${sx(e)} (${slice(text, e.span)}) is outside ${slice(text, outer)}`);
  const children = e.kind === 'call' ? e.args : e.kind === 'unsupported' ? e.args : e.kind === 'tuple' ? e.items : [];
  for (const c of children) assertNested(c, e.span, text);
}

/** Depth-first search for the first sub-expression matching `pred`. */
export function find(e: Expr, pred: (x: Expr) => boolean): Expr | undefined {
  if (pred(e)) return e;
  const children = e.kind === 'call' ? [...e.args, ...Object.values(e.kwargs)] : e.kind === 'unsupported' ? e.args : e.kind === 'tuple' ? e.items : [];
  for (const c of children) {
    const hit = find(c, pred);
    if (hit) return hit;
  }
  return undefined;
}
