import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePython } from '../../../../src/core/frontends/python';
import type { CallExpr, DeclareStmt, Expr, IndexItem, Program, Stmt, Target } from '../../../../src/core/ir/program';
import type { Span } from '../../../../src/core/ir/span';

export const EXAMPLES = join(__dirname, '../../../../examples');

export function example(name: string): string {
  return readFileSync(join(EXAMPLES, name), 'utf8');
}

export function parse(text: string): Promise<Program> {
  return parsePython(text, {});
}

export function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** A compact, unambiguous rendering of an expression, to compare lowered code in one assertion. */
export function show(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return String(e.value);
    case 'str':
      return `'${e.value}'`;
    case 'const':
      return e.value === null ? 'None' : e.value ? 'True' : 'False';
    case 'name':
      return e.name;
    case 'tuple':
      return `(${e.items.map(show).join(', ')}${e.items.length === 1 ? ',' : ''})`;
    case 'comprehension':
      return `[${show(e.body)} for ${showTarget(e.target)} in ${show(e.iter)}]`;
    case 'dict':
      return `{${e.keys.map((k, i) => `'${k}': ${show(e.items[i])}`).join(', ')}}`;
    case 'call':
      return `${e.op}(${[...e.args.map(show), ...Object.entries(e.kwargs).map(([k, v]) => `${k}=${show(v)}`)].join(', ')})`;
    case 'index':
      return `${show(e.target)}[${e.items.map(showItem).join(', ')}]`;
    case 'unsupported':
      return `?${e.text}(${e.args.map(show).join(', ')})`;
    case 'invoke':
      return `${e.name}!(${[...e.args.map(show), ...Object.entries(e.kwargs).map(([k, v]) => `${k}=${show(v)}`)].join(', ')})`;
  }
}

function showItem(i: IndexItem): string {
  switch (i.kind) {
    case 'slice':
      return `${i.start ? show(i.start) : ''}:${i.stop ? show(i.stop) : ''}${i.step ? `:${show(i.step)}` : ''}`;
    case 'newaxis':
      return 'None';
    case 'ellipsis':
      return '...';
    case 'expr':
      return show(i.expr);
  }
}

export function showTarget(t: Target): string {
  switch (t.kind) {
    case 'name':
      return t.name;
    case 'tuple':
      return `(${t.items.map(showTarget).join(', ')})`;
    case 'index':
      return `${t.name}[${t.items.map(showItem).join(', ')}]`;
  }
}

/** One line per statement; nested bodies indented by two spaces. */
export function showStmts(stmts: Stmt[], indent = ''): string[] {
  const lines: string[] = [];
  for (const s of stmts) {
    switch (s.kind) {
      case 'assign':
        lines.push(`${indent}${showTarget(s.target)} ${s.op} ${show(s.value)}`);
        break;
      case 'declare':
        lines.push(`${indent}declare ${s.name}${s.dims ? `(${s.dims.map(show).join(', ')})` : ''} ${s.role} ${s.source}`);
        break;
      case 'expr':
        lines.push(`${indent}${s.isReturn ? 'return ' : ''}${show(s.value)}`);
        break;
      case 'for':
        lines.push(`${indent}for ${showTarget(s.target)} in ${show(s.iter)}:`, ...showStmts(s.body, `${indent}  `));
        break;
      case 'if':
        lines.push(`${indent}if ${show(s.test)}:`, ...showStmts(s.body, `${indent}  `));
        if (s.orelse.length) lines.push(`${indent}else:`, ...showStmts(s.orelse, `${indent}  `));
        break;
      case 'cycle':
        lines.push(`${indent}cycle ${s.name}`);
        break;
      case 'def':
        lines.push(`${indent}def ${s.name}(${s.params.map((p) => p.name).join(', ')}):`, ...showStmts([...s.head, ...s.body], `${indent}  `));
        break;
      case 'class':
        lines.push(`${indent}class ${s.name}:`, ...showStmts(s.methods, `${indent}  `));
        break;
    }
  }
  return lines;
}

export async function lowered(text: string): Promise<string[]> {
  return showStmts((await parse(text)).stmts);
}

/** lowered, with the statements of functions and methods in place of their definitions. */
export async function loweredFlat(text: string): Promise<string[]> {
  return showStmts(flatStmts((await parse(text)).stmts));
}

/** The value of the n-th assignment (0-based) of a program. */
/** The statements, with those of functions and methods (head, then body) in place of their definitions. */
export function flatStmts(stmts: Stmt[]): Stmt[] {
  return stmts.flatMap((s) => (s.kind === 'def' ? flatStmts([...s.head, ...s.body]) : s.kind === 'class' ? flatStmts(s.methods) : [s]));
}

export function assigned(program: Program, n: number): Expr {
  const assigns = flatStmts(program.stmts).filter((s): s is Extract<Stmt, { kind: 'assign' }> => s.kind === 'assign');
  const stmt = assigns[n];
  if (!stmt) throw new Error(`no assignment #${n}`);
  return stmt.value;
}

export function asCall(e: Expr): CallExpr {
  if (e.kind !== 'call') throw new Error(`expected a call, got ${show(e)}`);
  return e;
}

export function declarations(program: Program): DeclareStmt[] {
  return flatStmts(program.stmts).filter((s): s is DeclareStmt => s.kind === 'declare');
}

/** Every expression in a program, depth first, for span checks. */
export function allExprs(stmts: Stmt[]): Expr[] {
  const out: Expr[] = [];
  const visit = (e: Expr | undefined): void => {
    if (!e) return;
    out.push(e);
    if (e.kind === 'tuple') e.items.forEach(visit);
    else if (e.kind === 'call') {
      e.args.forEach(visit);
      Object.values(e.kwargs).forEach(visit);
    } else if (e.kind === 'index') {
      visit(e.target);
      for (const i of e.items) {
        if (i.kind === 'expr') visit(i.expr);
        else if (i.kind === 'slice') [i.start, i.stop, i.step].forEach(visit);
      }
    } else if (e.kind === 'unsupported') e.args.forEach(visit);
    else if (e.kind === 'invoke') {
      e.args.forEach(visit);
      Object.values(e.kwargs).forEach(visit);
    }
  };
  const walk = (list: Stmt[]): void => {
    for (const s of list) {
      if (s.kind === 'assign' || s.kind === 'expr') visit(s.value);
      else if (s.kind === 'declare') (s.dims ?? []).forEach(visit);
      else if (s.kind === 'for') {
        visit(s.iter);
        walk(s.body);
      } else if (s.kind === 'if') {
        visit(s.test);
        walk(s.body);
        walk(s.orelse);
      } else if (s.kind === 'def') {
        walk(s.head);
        walk(s.body);
      } else if (s.kind === 'class') walk(s.methods);
    }
  };
  walk(stmts);
  return out;
}
