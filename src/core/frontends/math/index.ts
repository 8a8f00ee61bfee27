/**
 * The math-notation front end: Markdown / LaTeX / plain-text notes → Program.
 *
 *   blocks.ts        where the math is (lines, $…$, $$…$$, align blocks)
 *   tokenizer.ts     text → tokens (latex.ts says what each LaTeX command means)
 *   statements.ts    a clause → declaration (declarations.ts) | equation (parser.ts) | nothing
 *   order.ts         equations in dependency order; cyclic definitions
 *
 * Then one pass over the ordered program decides which `*` are scalings (a factor is a
 * declared or computed scalar) rather than matrix products.
 */
import { exprDepth, MAX_EXPR_DEPTH, tooDeepMessage } from '../../ir/depth';
import type { AssignStmt, CallExpr, DeclareStmt, Derivation, Expr, Program, Stmt } from '../../ir/program';
import { problem, type Problem } from '../../ir/problem';
import type { Span } from '../../ir/span';
import type { Dim } from '../../shapes/dim';
import type { FrontendOptions } from '../frontend';
import { findBlocks, looksLikeLatex, type Blocks } from './blocks';
import { chainStatements, type Link } from './chains';
import { sizeByContext } from './context-sizes';
import { unvec, vecOf } from './lower';
import { parseProse, parseRespectively } from './declarations';
import { orderEquations, type Equation } from './order';
import { ParseError, Parser, TooDeepError } from './parser';
import { parseClause, splitClauses } from './statements';
import { ELEMENTWISE_OPS, functionSpec, SCALAR_RESULT_OPS } from './tables';
import { tokenize, type Token } from './tokenizer';

export async function parseMath(text: string, _options: FrontendOptions): Promise<Program> {
  return parseMathSync(text);
}

export function parseMathSync(text: string): Program {
  try {
    const blocks = findBlocks(text);
    const runs = new Set<string>();
    let read = readStatements(text, blocks, (run) => {
      runs.add(run);
      return false;
    });
    // LaTeX juxtaposes letters for products (`CBA`, `xx^T`): once we know the names, read those runs as products.
    const splits = juxtaposedProduct(new Set<string>([...read.declarations.map((d) => d.name), ...read.equations.map((e) => e.name)]));
    if ([...runs].some(splits)) read = readStatements(text, blocks, splits);
    return assemble(read);
  } catch (err) {
    const end = text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length;
    return { language: 'math', stmts: [], problems: [internalError({ start: 0, end }, err)] };
  }
}

/** A run of letters that is not a name but whose letters all are (`CBA`, `xx`): a product written by juxtaposition. */
function juxtaposedProduct(known: ReadonlySet<string>): (run: string) => boolean {
  return (run) => !known.has(run) && !functionSpec(run) && [...run].every((c) => known.has(c));
}

export interface ExpressionOptions {
  /** The names the expression may use: a run of their letters (`CBA`) is their product, in plain text as in LaTeX. */
  names?: ReadonlySet<string>;
  /** Collects the products written with `*` (and its spellings), which a scalar factor turns into scalings. */
  products?: Set<CallExpr>;
}

/**
 * One expression for `grad-lens derive EXPR` (`-sum(Y .* log(softmax(C*B*A)))`); a leading
 * `E =` is allowed. Spans are offsets into `expr`.
 */
export function parseMathExpression(expr: string, options: ExpressionOptions = {}): Expr | Problem {
  const whole = { start: 0, end: expr.length };
  try {
    const latex = looksLikeLatex(expr);
    const splitRun = options.names ? juxtaposedProduct(options.names) : undefined;
    let tokens = splitClauses(tokenize(expr, 0, expr.length, { latex, splitRun })).flat();
    if (tokens.length >= 2 && tokens[0].kind === 'name' && tokens[1].kind === 'op' && tokens[1].value === '=') tokens = tokens.slice(2);
    if (!tokens.length) return problem('syntax-error', 'error', whole, 'expected an expression');
    const parser = new Parser(tokens, expr, { latex, products: options.products });
    const value = parser.parseExpression(0);
    if (!parser.atEnd()) {
      const t = tokens[parser.position];
      return problem('syntax-error', 'error', t.span, `unexpected \`${expr.slice(t.span.start, t.span.end)}\` after the expression`);
    }
    // Left-associative chains (`A + A + … + A`) are read by a loop, not by recursion.
    if (exprDepth(value, MAX_EXPR_DEPTH) > MAX_EXPR_DEPTH) return problem('too-deep', 'error', whole, tooDeepMessage('The expression', false));
    return value;
  } catch (err) {
    if (err instanceof TooDeepError) return problem('too-deep', 'error', whole, tooDeepMessage('The expression', false));
    if (err instanceof ParseError) return problem('syntax-error', 'error', err.span, err.message);
    return internalError(whole, err);
  }
}

export function isProblem<T extends Expr | Program>(value: T | Problem): value is Problem {
  return 'code' in value;
}

/**
 * An expression and the shapes of its names as the Program of a note that declares them
 * and defines `output` by it: identities and ones sized by context, `s*A` a scaling when
 * s is a scalar (declared with no dims). Spans are offsets into the expression's text.
 */
export function mathExpressionProgram(source: string | Expr, shapes: Readonly<Record<string, readonly Dim[]>>, output: string): Program | Problem {
  const products = new Set<CallExpr>();
  const names = new Set(Object.keys(shapes));
  const value = typeof source === 'string' ? parseMathExpression(source, { names, products }) : source;
  if (isProblem(value)) return value;
  const at = { start: 0, end: 0 };
  const dim = (d: Dim): Expr => (typeof d === 'number' ? { kind: 'num', value: d, span: at } : { kind: 'name', name: d, span: at });
  const declarations = Object.entries(shapes).map(([name, dims]): DeclareStmt => ({ kind: 'declare', name, dims: dims.map(dim), role: 'input', source: 'declaration', span: at }));
  const whole = { start: 0, end: typeof source === 'string' ? source.length : 0 };
  const stmt: AssignStmt = { kind: 'assign', target: { kind: 'name', name: output, span: whole }, op: '=', value, span: whole };
  sizeByContext([{ stmt, name: output, uses: namesIn(value) }], new Set([...names, output]));
  const stmts: Stmt[] = [...declarations, stmt];
  resolveScalings(stmts, products);
  return { language: 'math', stmts, problems: [] };
}

/** The words a prose declaration turns on ("X is N × D", "W has shape (D, K)"). */
const PROSE_WORDS = /\b(is|are|be|shape|size|dimensions)\b/;

interface Read {
  declarations: DeclareStmt[];
  equations: Equation[];
  problems: Problem[];
  products: Set<CallExpr>;
}

function readStatements(text: string, blocks: Blocks, splitRun: (run: string) => boolean): Read {
  const read: Read = { declarations: [], equations: [], problems: [], products: new Set() };
  /** A `dE = …` whose chain may go on below (`&= …`). */
  let open: Equation | null = null;
  for (const segment of blocks.segments) {
    try {
      const tokens = tokenize(text, segment.start, segment.end, { latex: segment.latex, splitRun: segment.latex ? splitRun : undefined });
      for (const clause of splitClauses(tokens)) {
        const more = open ? readContinuation(clause, text, segment.latex, read.products) : null;
        if (open && more) {
          (open.links ??= []).push(...more);
          continue;
        }
        open = null;
        const result = parseClause(clause, { text, latex: segment.latex, products: read.products });
        if (result.kind === 'declare') read.declarations.push(...result.stmts);
        else if (result.kind === 'equation') {
          const eq: Equation = { stmt: result.stmt, name: result.name, uses: namesIn(result.stmt.value) };
          read.equations.push(eq);
          if (eq.name.length > 1 && eq.name[0] === 'd') open = eq;
        } else if (result.kind === 'error') read.problems.push(result.problem);
      }
    } catch (err) {
      read.problems.push(internalError(segment, err));
    }
  }
  for (const line of blocks.lines) {
    // Cheap filters first: the prose forms say "respectively", or a copula or "shape".
    const words = text.slice(line.start, line.end).toLowerCase();
    const respectively = words.includes('respectively');
    if (!respectively && !PROSE_WORDS.test(words)) continue;
    try {
      const tokens = tokenize(text, line.start, line.end, { latex: true, expandText: true });
      read.declarations.push(...(respectively ? parseRespectively(tokens) : parseProse(tokens)));
    } catch (err) {
      read.problems.push(internalError(line, err));
    }
  }
  return read;
}

function assemble(read: Read): Program {
  const declarations = [...read.declarations].sort((a, b) => a.span.start - b.span.start);
  const declared = new Map<string, Span>();
  for (const d of declarations) if (!declared.has(d.name)) declared.set(d.name, d.span);
  const known = new Set<string>([...declared.keys(), ...read.equations.map((e) => e.name)]);
  const derivations: Derivation[] = [];
  const differential = new Set(read.equations.filter((e) => isDifferential(e, known)));
  // `dx = …` read as a differential leaves dx a differential, not a name, in the other lines.
  const names = new Set<string>(declared.keys());
  for (const e of read.equations) if (!differential.has(e)) names.add(e.name);
  const equations = read.equations.flatMap((e) => {
    if (!differential.has(e)) return [e];
    const head = { name: e.name, span: e.stmt.span, targetSpan: e.stmt.target.span };
    const chain = chainStatements(head, [{ value: e.stmt.value, span: e.stmt.value.span }, ...(e.links ?? [])], names, derivations.length);
    derivations.push(chain.derivation);
    return chain.stmts.map((stmt) => ({ stmt, name: (stmt.target as { name: string }).name, uses: namesIn(stmt.value) }));
  });
  sizeByContext(equations, known);
  for (const e of equations) if (e.stmt.claims) claimOnVariable(e, equations);
  const ordered = orderEquations(equations, declared);
  const stmts: Stmt[] = [...sizeStatements(declarations, equations), ...declarations, ...ordered.stmts];
  resolveScalings(stmts, read.products);
  markWeights(stmts);
  const problems = [...read.problems, ...ordered.problems].sort((a, b) => a.span.start - b.span.start);
  return { language: 'math', stmts, problems, ...(derivations.length ? { derivations } : {}) };
}

/**
 * `N = D` or `N = 64`, N a size the declarations use and not a declared tensor: said about the
 * sizes, so it holds before any equation is traced, as a `size` statement first in the program.
 * The equation itself stays where it is (an expression may divide by N).
 */
function sizeStatements(declarations: DeclareStmt[], equations: Equation[]): AssignStmt[] {
  const tensors = new Set(declarations.map((d) => d.name));
  const sizes = new Set<string>();
  for (const d of declarations) for (const dim of d.dims ?? []) namesIn(dim, []).forEach((n) => sizes.add(n));
  const out: AssignStmt[] = [];
  for (const e of equations) {
    const { stmt } = e;
    const value = stmt.value;
    const simple = value.kind === 'num' || (value.kind === 'name' && !tensors.has(value.name));
    if (!simple || stmt.claims || stmt.derivation || stmt.target.kind !== 'name' || tensors.has(e.name) || !sizes.has(e.name)) continue;
    out.push({ kind: 'assign', target: stmt.target, op: '=', value, span: stmt.span, size: true });
  }
  return out;
}

/**
 * `s*A` with s a scalar scales A: turn those matrix products into mul. Scalars are the
 * names declared `scalar` (dims []) and the names assigned a scalar (a full sum, a
 * trace, a determinant, arithmetic on scalars), in program order.
 */
function resolveScalings(stmts: Stmt[], products: Set<CallExpr>): void {
  const scalars = new Set<string>();
  for (const stmt of stmts) {
    if (stmt.kind === 'declare') {
      if (stmt.dims && stmt.dims.length === 0) scalars.add(stmt.name);
      else scalars.delete(stmt.name);
    } else if (stmt.kind === 'assign' && stmt.target.kind === 'name') {
      if (isScalar(stmt.value, scalars, products)) scalars.add(stmt.target.name);
      else scalars.delete(stmt.target.name);
    }
  }
}

/** Whether `e` is a scalar; rewrites the products inside it on the way (children first). */
function isScalar(e: Expr, scalars: ReadonlySet<string>, products: Set<CallExpr>): boolean {
  switch (e.kind) {
    case 'num':
    case 'const':
      return true;
    case 'name':
      return scalars.has(e.name);
    case 'unsupported':
      e.args.forEach((a) => isScalar(a, scalars, products));
      return false;
    case 'call': {
      const args = e.args.map((a) => isScalar(a, scalars, products));
      if (products.has(e) && (args[0] || args[1])) {
        e.op = 'mul';
        return args.every(Boolean);
      }
      if (SCALAR_RESULT_OPS.has(e.op)) return !('axis' in e.kwargs);
      if (ELEMENTWISE_OPS.has(e.op)) return args.every(Boolean);
      if (e.op === 'transpose' || e.op === 'inv') return args[0];
      return false;
    }
    default:
      return false;
  }
}

/**
 * A declared matrix that multiplies something from the right (B and A in C·B·A) is a
 * weight: the numeric checks draw it at the scale of its fan-in, as code initialises
 * weights, so that a product of three 1,000-wide matrices does not saturate a softmax.
 */
function markWeights(stmts: Stmt[]): void {
  const right = new Set<string>();
  const visit = (e: Expr): void => {
    if (e.kind === 'call') {
      if (e.op === 'matmul' && e.args[1]?.kind === 'name') right.add(e.args[1].name);
      e.args.forEach(visit);
    } else if (e.kind === 'unsupported') e.args.forEach(visit);
    else if (e.kind === 'tuple') e.items.forEach(visit);
  };
  for (const s of stmts) if (s.kind === 'assign') visit(s.value);
  for (const s of stmts) if (s.kind === 'declare' && s.role === 'input' && s.dims && s.dims.length === 2 && right.has(s.name)) s.role = 'param';
}

/**
 * `dx = (Diag(x) − xxᵀ)·dz`, `dE = −y : d log(x)`: a line of a derivation in differentials,
 * not a definition. Its left side is the differential of a name of the note and its right
 * side reads differentials (`dz` for a name z of the note, or `d` applied to something).
 */
function isDifferential(e: Equation, known: ReadonlySet<string>): boolean {
  const differentialOf = (name: string) => name.length > 1 && name[0] === 'd' && known.has(name.slice(1)) && !known.has(name);
  if (!(e.name.length > 1 && e.name[0] === 'd' && known.has(e.name.slice(1)))) return false;
  return e.uses.some((u) => u === 'd' || differentialOf(u));
}

/**
 * `∂E/∂c = g` with `c = vec(C)` in the note: the gradient with respect to C is g put back
 * in C's shape, and that is what is checked (c itself is not on the way to E).
 */
function claimOnVariable(e: Equation, equations: Equation[]): void {
  const claims = e.stmt.claims as { loss: string; wrt: string };
  const definition = equations.find((d) => d.name === claims.wrt && !d.stmt.claims);
  const of = definition ? vecOf(definition.stmt.value) : null;
  if (!of) return;
  e.stmt.value = unvec(e.stmt.value, of, e.stmt.span, e.stmt.value.span, `vec⁻¹`);
  e.stmt.claims = { loss: claims.loss, wrt: of };
  e.uses.push(of);
}

/** `&= …` below a `dE = …`: the links it adds (a line may chain several), or null when it is not one. */
function readContinuation(tokens: Token[], text: string, latex: boolean, products: Set<CallExpr>): Link[] | null {
  if (!(tokens[0]?.kind === 'op' && tokens[0].value === '=')) return null;
  const pieces: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens.slice(1)) {
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    if (depth === 0 && t.kind === 'op' && t.value === '=') pieces.push([]);
    else pieces[pieces.length - 1].push(t);
  }
  const links: Link[] = [];
  for (let piece of pieces) {
    while (piece.length && piece[piece.length - 1].kind === 'op' && [',', '.', ';'].includes(piece[piece.length - 1].value)) piece = piece.slice(0, -1);
    if (!piece.length) return null;
    try {
      const parser = new Parser(piece, text, { latex, products });
      const value = parser.parseExpression(0);
      if (!parser.atEnd()) return null;
      links.push({ value, span: { start: piece[0].span.start, end: piece[piece.length - 1].span.end } });
    } catch (err) {
      if (err instanceof ParseError) return null;
      throw err;
    }
  }
  return links;
}

/** The names an expression reads, in order of first use. */
function namesIn(e: Expr, out: string[] = []): string[] {
  switch (e.kind) {
    case 'name':
      if (!out.includes(e.name)) out.push(e.name);
      break;
    case 'call':
      e.args.forEach((a) => namesIn(a, out));
      Object.values(e.kwargs).forEach((a) => namesIn(a, out));
      break;
    case 'unsupported':
      e.args.forEach((a) => namesIn(a, out));
      break;
    case 'tuple':
      e.items.forEach((a) => namesIn(a, out));
      break;
    case 'index':
      namesIn(e.target, out);
      break;
    default:
      break;
  }
  return out;
}

function internalError(span: Span, err: unknown): Problem {
  const message = err instanceof Error ? err.message : String(err);
  return problem('internal-error', 'warning', { start: span.start, end: span.end }, `Grad Lens could not read this math: ${message}`);
}
