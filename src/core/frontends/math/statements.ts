/**
 * One clause of math → a declaration, an equation `name = expr`, a syntax error, or
 * nothing. Notes are mostly prose, so this is conservative: a clause is an equation only
 * when it starts with a name (or `\operatorname{F}[…]`) and `=`, and a failed parse is
 * reported only when the right side clearly is math (operators or functions, no run of
 * words) and the parser failed inside it. Anything else is skipped silently.
 */
import { exprDepth, MAX_EXPR_DEPTH, tooDeepMessage } from '../../ir/depth';
import type { AssignStmt, CallExpr, DeclareStmt, Expr } from '../../ir/program';
import { problem, type Problem } from '../../ir/problem';
import type { Span } from '../../ir/span';
import { parseDeclaration } from './declarations';
import { readDerivative } from './derivatives';
import { ParseError, Parser, TooDeepError } from './parser';
import { functionSpec } from './tables';
import type { Token } from './tokenizer';

export type ClauseResult =
  | { kind: 'declare'; stmts: DeclareStmt[] }
  | { kind: 'equation'; stmt: AssignStmt; name: string }
  | { kind: 'error'; problem: Problem }
  | { kind: 'none' };

export interface ClauseContext {
  text: string;
  latex: boolean;
  /** Collects the matrix products built, for the scalar pass in index.ts. */
  products: Set<CallExpr>;
}

/** The name an `\operatorname[X] = …` defines: the slip in the seed question reads as the loss, E. */
export const UNNAMED_OPERATOR = 'E';

/** Cuts a segment's tokens into clauses at prose (`\text{…}`, `\quad`) and `;`, and drops unbalanced braces. */
export function splitClauses(tokens: Token[]): Token[][] {
  const clauses: Token[][] = [];
  let current: Token[] = [];
  for (const t of tokens) {
    if (t.kind === 'text' || (t.kind === 'op' && t.value === ';')) {
      if (current.length) clauses.push(balanceBraces(current));
      current = [];
    } else {
      current.push(t);
    }
  }
  if (current.length) clauses.push(balanceBraces(current));
  return clauses;
}

/** `\eqalign{ M &= … \cr … }` leaves an unmatched `{` on the first line and `}` on the last. */
function balanceBraces(tokens: Token[]): Token[] {
  const open: number[] = [];
  const drop = new Set<number>();
  tokens.forEach((t, i) => {
    if (t.kind === 'open' && t.value === '{') open.push(i);
    else if (t.kind === 'close' && t.value === '}') {
      if (open.length) open.pop();
      else drop.add(i);
    }
  });
  for (const i of open) drop.add(i);
  return drop.size ? tokens.filter((_, i) => !drop.has(i)) : tokens;
}

export function parseClause(tokens: Token[], ctx: ClauseContext): ClauseResult {
  if (!tokens.length) return { kind: 'none' };
  const span = { start: tokens[0].span.start, end: tokens[tokens.length - 1].span.end };
  const declared = parseDeclaration(tokens, span);
  if (declared) return { kind: 'declare', stmts: declared };

  const derivative = readDerivative(tokens);
  const lhs = derivative ?? readLeftSide(tokens);
  if (!lhs) return { kind: 'none' };
  const rhs = tokens.slice(lhs.equals + 1);
  if (!rhs.length) return { kind: 'none' };

  const parser = new Parser(rhs, ctx.text, { latex: ctx.latex, products: ctx.products });
  let value: Expr;
  try {
    value = parser.parseExpression(0);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    if (err instanceof TooDeepError) return { kind: 'error', problem: problem('too-deep', 'warning', span, `${lhs.name} = …: ${err.message}`) };
    if (err.quiet || !looksLikeMath(rhs)) return { kind: 'none' };
    return { kind: 'error', problem: problem('syntax-error', 'error', err.span, `${lhs.name} = …: ${err.message}`) };
  }
  if (!parser.atEnd() && !endsCleanly(rhs, parser.position)) return { kind: 'none' };
  // Left-associative chains (`x0 + x1 + … + x19999`) are read by a loop, not by recursion; the later passes recurse.
  if (exprDepth(value, MAX_EXPR_DEPTH) > MAX_EXPR_DEPTH) return { kind: 'error', problem: problem('too-deep', 'warning', span, `${lhs.name} = …: ${tooDeepMessage('The expression')}`) };
  const stmt: AssignStmt = {
    kind: 'assign',
    target: { kind: 'name', name: lhs.name, span: lhs.span },
    op: '=',
    value,
    span,
    ...(derivative ? { claims: { loss: derivative.loss, wrt: derivative.wrt } } : {}),
  };
  return { kind: 'equation', stmt, name: lhs.name };
}

interface LeftSide {
  name: string;
  span: Span;
  /** Index of the `=` token. */
  equals: number;
}

/** `x =`, `\mathbf{x} =`, `W_1 =`, `\operatorname{Error}[x] =`, `\operatorname[X] =`. */
function readLeftSide(tokens: Token[]): LeftSide | null {
  const first = tokens[0];
  if (first.kind === 'name' && isEquals(tokens[1])) {
    // `x_{ij} = …` and `h_t = …` define entries or steps, not a matrix: not read.
    if (first.sub && isIndexLike(first.sub)) return null;
    return { name: first.sub ? `${first.value}_${first.sub}` : first.value, span: first.span, equals: 1 };
  }
  if (first.kind === 'func' && !functionSpec(first.value)) {
    // An operator applied to its argument names the left side: Error[readoutX] defines Error.
    const open = tokens[1];
    if (!open || open.kind !== 'open' || (open.value !== '[' && open.value !== '(')) return null;
    const closer = open.value === '[' ? ']' : ')';
    let depth = 0;
    for (let i = 1; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind === 'open') depth++;
      else if (t.kind === 'close' && --depth === 0) {
        if (t.value !== closer || !isEquals(tokens[i + 1])) return null;
        return { name: first.value || UNNAMED_OPERATOR, span: { start: first.span.start, end: t.span.end }, equals: i + 1 };
      }
    }
  }
  return null;
}

function isEquals(t: Token | undefined): boolean {
  return !!t && t.kind === 'op' && t.value === '=';
}

/** Single lowercase letters used as indices: ij, t, k (a digit or a word is part of the name: W_1, W_out). */
function isIndexLike(sub: string): boolean {
  return sub.length <= 3 && [...sub].every((c) => 'ijklmnpqrst'.includes(c));
}

/** After the expression: nothing, trailing punctuation, or a chained `= …` (x = vec(X) = softmax(z)). */
function endsCleanly(tokens: Token[], from: number): boolean {
  const t = tokens[from];
  if (t.kind === 'op' && t.value === '=') return true;
  for (let i = from; i < tokens.length; i++) {
    const u = tokens[i];
    if (!(u.kind === 'op' && (u.value === ',' || u.value === '.' || u.value === ';'))) return false;
  }
  return true;
}

/** Operators or functions, and no two words in a row (prose has them, math does not). */
function looksLikeMath(tokens: Token[]): boolean {
  let mathy = false;
  let previousWord = false;
  for (const t of tokens) {
    const word = t.kind === 'name' && !t.sub && t.value.length > 1 && /^[A-Za-z]+$/.test(t.value) && !functionSpec(t.value);
    if (word && previousWord && t.spaced) return false;
    previousWord = word;
    if (t.kind === 'func' || t.kind === 'sum' || t.kind === 'frac' || t.kind === 'open' || t.kind === 'post') mathy = true;
    if (t.kind === 'op' && t.value !== ',' && t.value !== '.' && t.value !== ';' && t.value !== '?') mathy = true;
    if (t.kind === 'name' && functionSpec(t.value)) mathy = true;
  }
  return mathy;
}
