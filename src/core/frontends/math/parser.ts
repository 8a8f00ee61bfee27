/**
 * A precedence-climbing (Pratt) parser for one math expression. It reads tokens from
 * the tokenizer and builds Exprs whose calls name canonical ops:
 *
 *   `*` `·` `×` and juxtaposition → matmul (mul when a factor is a number or, inside an
 *   indexed sum, always: the summand is a product of entries); `.*` `⊙` → mul; `./` `/`
 *   → div; `^T` `'` `ᵀ` → transpose; `^{-1}` → inv; `^n` → elementwise pow; `‖X‖` and
 *   norm(X) → sqrt(sum(square(X))), squared → sum(square(X)); `A:B` → sum(mul(A, B));
 *   `vec`, `⊗` and `Diag` as lower.ts writes them.
 *
 * Errors are thrown as ParseError and caught by the statement reader: `quiet` ones are
 * constructs we do not read (the statement is skipped), the others are syntax errors.
 */
import { MAX_EXPR_DEPTH, tooDeepMessage } from '../../ir/depth';
import type { CallExpr, Expr, NameExpr } from '../../ir/program';
import type { Span } from '../../ir/span';
import { diagonalMatrix, kron, vec } from './lower';
import type { Token } from './tokenizer';
import { BINARY_OPERATORS, BP, functionSpec, type FunctionSpec } from './tables';

export class ParseError extends Error {
  constructor(
    message: string,
    readonly span: Span,
    /** A construct we do not read rather than a mistake: skip the statement silently. */
    readonly quiet = false,
  ) {
    super(message);
  }
}

/** An expression nested deeper than MAX_EXPR_DEPTH: reported as 'too-deep', not as a syntax error. */
export class TooDeepError extends ParseError {}

export interface ParserOptions {
  /** LaTeX: juxtaposition across spaces is a product (in plain text only before a one-letter name). */
  latex: boolean;
  /** Products built from `*`, `·`, `×` or juxtaposition, so later passes can turn matmul into scaling. */
  products?: Set<CallExpr>;
}

export class Parser {
  private pos = 0;
  /** Nesting of parseExpression calls: bounded so that 2,000 parentheses cannot exhaust the stack. */
  private depth = 0;
  /** Summation indices in scope: their subscripts are dropped (`a_{ij}` inside Σ_ij is a). */
  private readonly indices: string[][] = [];
  /** Open `‖`/`|` delimiters: the innermost one closes rather than starts an operand. */
  private readonly bars: string[] = [];
  /** Norms built from ‖X‖ or norm(X): `^2` on them is sum(square(X)). */
  private readonly norms = new WeakMap<Expr, Expr>();
  /** The extent of an expression including its brackets, for the spans of its parents. */
  private readonly outer = new WeakMap<Expr, Span>();

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
    private readonly options: ParserOptions,
  ) {}

  get position(): number {
    return this.pos;
  }

  peek(k = 0): Token {
    const t = this.tokens[this.pos + k];
    if (t) return t;
    const last = this.tokens[this.tokens.length - 1];
    const at = last ? last.span.end : 0;
    // Past the end: an empty clause boundary (callers check atEnd() first).
    return { kind: 'text', value: '', span: { start: at, end: at }, spaced: true };
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** The expression starting here; stops before the first token that cannot continue it. */
  parseExpression(minBp = 0): Expr {
    if (this.depth >= MAX_EXPR_DEPTH) throw new TooDeepError(tooDeepMessage('The expression'), this.peek().span);
    this.depth++;
    try {
      return this.parseLevel(minBp);
    } finally {
      this.depth--;
    }
  }

  private parseLevel(minBp: number): Expr {
    let left = this.parsePrefix();
    for (;;) {
      const t = this.peek();
      if (this.atEnd()) break;
      if (t.kind === 'post' || (t.kind === 'op' && (t.value === "'" || t.value === '^' || t.value === '_'))) {
        if (BP.postfix <= minBp) break;
        left = this.parsePostfix(left);
        continue;
      }
      const binary = t.kind === 'op' ? BINARY_OPERATORS[t.value] : undefined;
      if (binary) {
        if (binary.bp <= minBp) break;
        this.pos++;
        const right = binary.kind === 'pow' ? this.parseExpression(binary.bp - 1) : this.parseOperand(binary.bp, t);
        left = this.binary(binary.kind, left, right, t);
        continue;
      }
      if (this.startsOperand(t) && (this.options.latex || !t.spaced || isLetterFactor(t))) {
        // Juxtaposition: `A^{-1}b`, `2X`, `a_{ij} \log x_{ij}`.
        if (BP.product <= minBp) break;
        const right = this.parseExpression(BP.product);
        left = this.product(left, right, '·');
        continue;
      }
      break;
    }
    return left;
  }

  // ---- prefix ----------------------------------------------------------------------

  private parsePrefix(): Expr {
    const t = this.peek();
    if (this.atEnd()) throw new ParseError(this.afterMessage('expected an expression'), this.lastSpan());
    this.pos++;
    switch (t.kind) {
      case 'num':
        return { kind: 'num', value: t.num ?? Number(t.value), span: t.span };
      case 'name':
        return this.parseName(t);
      case 'func':
        return this.parseFunction(t, t.value);
      case 'sum':
        return this.parseSum(t);
      case 'frac': {
        const num = this.parseLatexArgument(t);
        const den = this.parseLatexArgument(t);
        return this.call('div', [num, den], { start: t.span.start, end: this.end(den) }, '\\frac');
      }
      case 'open':
        return this.parseGroup(t);
      case 'op':
        if (t.value === '-') {
          const operand = this.parseOperand(BP.prefix, t);
          if (operand.kind === 'num' && !this.outer.has(operand)) return { kind: 'num', value: -operand.value, span: { start: t.span.start, end: operand.span.end } };
          return this.call('neg', [operand], { start: t.span.start, end: this.end(operand) }, this.source(t));
        }
        if (t.value === '+') return this.parseOperand(BP.prefix, t);
        if (t.value === '‖' || t.value === '|') return this.parseBars(t);
        break;
      case 'cmd':
        throw new ParseError(`\`${this.source(t)}\` is not part of the notation Grad Lens reads`, t.span, true);
      case 'text':
        throw new ParseError('expected an expression', t.span, true);
      default:
        break;
    }
    throw new ParseError(`expected an expression, found \`${this.source(t)}\``, t.span);
  }

  /** The right side of an operator; at the end of input the error points at the operator. */
  private parseOperand(bp: number, operator: Token): Expr {
    if (this.atEnd()) throw new ParseError(`expected an operand after \`${this.source(operator)}\``, operator.span);
    return this.parseExpression(bp);
  }

  private parseName(t: Token): Expr {
    const next = this.peek();
    const adjacent = !this.atEnd() && !next.spaced;
    const full = t.sub ? `${t.value}_${t.sub}` : t.value;
    if (!this.atEnd() && next.kind === 'open' && next.value === '(') {
      const spec = functionSpec(full);
      if (spec) return this.parseFunction(t, full);
      // σ(z) in a note is the logistic sigmoid.
      if (adjacent && t.value === 'σ' && !t.sub) return this.parseFunction(t, 'sigmoid');
      // `vec(C)`, `foo(x)`: an unknown function, reported by the interpreter. One letter is a product: A(B+C).
      if (adjacent && /^[a-z][a-z_]{2,}$/.test(full)) return this.parseUnknownFunction(t, full);
    }
    if (adjacent && next.kind === 'open' && next.value === '[') {
      throw new ParseError(`indexing \`${this.source(t)}[…]\` is not read in math notation`, next.span, true);
    }
    // `sum X`, `log x`: a known function applied without parentheses.
    if (functionSpec(full) && !this.atEnd() && this.startsOperand(next) && !(next.kind === 'op')) return this.parseFunction(t, full);
    return this.nameExpr(t);
  }

  private nameExpr(t: Token): NameExpr {
    let name = t.value;
    if (t.sub) {
      const inScope = new Set(this.indices.flat());
      const isIndex = [...t.sub].every((c) => inScope.has(c));
      if (!isIndex) name = `${t.value}_${t.sub}`;
    }
    return { kind: 'name', name, span: t.span };
  }

  private parseFunction(t: Token, name: string): Expr {
    const spec = functionSpec(name);
    if (!spec) return this.parseUnknownFunction(t, name);
    const args = this.parseArguments(t, name);
    if (args.list.length < spec.args[0] || args.list.length > spec.args[1]) {
      const want = spec.args[0] === spec.args[1] ? `${spec.args[0]}` : `${spec.args[0]} or ${spec.args[1]}`;
      throw new ParseError(`\`${name}\` takes ${want} argument${spec.args[1] === 1 ? '' : 's'}, not ${args.list.length}`, { start: t.span.start, end: args.end });
    }
    return this.applyFunction(spec, args.list, { start: t.span.start, end: args.end }, this.source(t));
  }

  private parseUnknownFunction(t: Token, name: string): Expr {
    const args = this.parseArguments(t, name || 'operatorname');
    return { kind: 'unsupported', text: name || this.source(t), args: args.list, span: { start: t.span.start, end: args.end } };
  }

  /** `(a, b)`, a LaTeX group `{x}` (\sqrt{x}), or one factor without brackets (`\log x`). */
  private parseArguments(fn: Token, name: string): { list: Expr[]; end: number } {
    const t = this.peek();
    if (this.atEnd() || !this.startsOperand(t)) throw new ParseError(`expected an argument for \`${name}\``, fn.span);
    if (t.kind === 'open' && t.value === '(') {
      this.pos++;
      const list: Expr[] = [];
      if (!(this.peek().kind === 'close' && !this.atEnd())) {
        for (;;) {
          list.push(this.parseInside(t));
          const sep = this.peek();
          if (!this.atEnd() && sep.kind === 'op' && sep.value === ',') {
            this.pos++;
            continue;
          }
          break;
        }
      }
      const close = this.expectClose(t, ')');
      return { list, end: close.span.end };
    }
    if (t.kind === 'open' && t.value === '{') {
      const arg = this.parseLatexArgument(fn);
      return { list: [arg], end: this.end(arg) };
    }
    const arg = this.parseExpression(BP.functionArg);
    return { list: [arg], end: this.end(arg) };
  }

  private applyFunction(spec: FunctionSpec, args: Expr[], span: Span, callee: string): Expr {
    if (spec.lower === 'norm') return this.norm(args[0], args[1], span, callee);
    if (spec.lower === 'vec') return vec(args[0], span, callee);
    if (spec.lower === 'diagonal-matrix') return diagonalMatrix(args[0], span, callee);
    if (spec.pairwise && args.length === 2) return this.call(spec.pairwise, args, span, callee);
    const kwargs: Record<string, Expr> = {};
    for (const [key, value] of Object.entries(spec.kwargs ?? {})) kwargs[key] = { kind: 'num', value, span };
    return { kind: 'call', op: spec.op, args, kwargs, span, callee };
  }

  /** Euclidean/Frobenius norm; order 1 is the sum of absolute values. */
  private norm(x: Expr, order: Expr | undefined, span: Span, callee: string): Expr {
    const p = order === undefined ? 2 : order.kind === 'num' ? order.value : order.kind === 'name' && (order.name === 'F' || order.name === 'fro') ? 2 : NaN;
    if (p === 1) return this.call('sum', [this.call('abs', [x], span, callee)], span, callee);
    if (p !== 2) throw new ParseError(`only the 2-norm, the Frobenius norm and the 1-norm are read`, span, true);
    const squares = this.call('sum', [this.call('square', [x], span, callee)], span, callee);
    const result = this.call('sqrt', [squares], span, callee);
    this.norms.set(result, squares);
    return result;
  }

  /** `\sum_i \sum_j body`: adjacent sums merge; their indices are in scope in the body. */
  private parseSum(t: Token): Expr {
    const indices = [...(t.indices ?? [])];
    while (!this.atEnd() && this.peek().kind === 'sum') indices.push(...(this.tokens[this.pos++].indices ?? []));
    this.indices.push(indices);
    try {
      const body = this.parseOperand(BP.summand, t);
      return this.call('sum', [body], { start: t.span.start, end: this.end(body) }, this.source(t));
    } finally {
      this.indices.pop();
    }
  }

  private parseGroup(open: Token): Expr {
    // `{\rm softmax}(x)`: a braced function name.
    if (open.value === '{' && this.peek().kind === 'func' && this.peek(1).kind === 'close' && this.peek(1).value === '}') {
      const fn = this.tokens[this.pos];
      this.pos += 2;
      const expr = this.parseFunction(fn, fn.value);
      return expr;
    }
    const inner = this.parseInside(open);
    const close = this.expectClose(open, closerOf(open.value));
    this.outer.set(inner, { start: open.span.start, end: close.span.end });
    return inner;
  }

  /** A LaTeX argument: `{…}` or a single factor (`\frac12`). */
  private parseLatexArgument(owner: Token): Expr {
    const t = this.peek();
    if (this.atEnd()) throw new ParseError(`expected an argument after \`${this.source(owner)}\``, owner.span);
    if (t.kind === 'open' && t.value === '{') {
      this.pos++;
      return this.parseGroup(t);
    }
    return this.parseExpression(BP.postfix);
  }

  /** An expression inside brackets: a fresh context for bars, the same summation indices. */
  private parseInside(open: Token): Expr {
    const bars = this.bars.splice(0);
    try {
      if (this.atEnd()) throw new ParseError(`expected an expression after \`${this.source(open)}\``, open.span);
      return this.parseExpression(0);
    } finally {
      this.bars.push(...bars);
    }
  }

  private expectClose(open: Token, closer: string): Token {
    const t = this.peek();
    if (!this.atEnd() && t.kind === 'close' && t.value === closer) {
      this.pos++;
      return t;
    }
    if (this.atEnd()) throw new ParseError(`\`${this.source(open)}\` is not closed`, open.span);
    throw new ParseError(`expected \`${closer}\` to close \`${this.source(open)}\`, found \`${this.source(t)}\``, t.span);
  }

  /** `‖X‖`, `‖x‖_2`, `‖X‖_F`, `|x|`. */
  private parseBars(open: Token): Expr {
    this.bars.push(open.value);
    let inner: Expr;
    try {
      inner = this.parseOperand(0, open);
    } finally {
      this.bars.pop();
    }
    const close = this.peek();
    if (this.atEnd() || close.kind !== 'op' || close.value !== open.value) {
      if (this.atEnd()) throw new ParseError(`\`${this.source(open)}\` is not closed`, open.span);
      throw new ParseError(`expected \`${open.value}\` to close \`${this.source(open)}\``, close.span);
    }
    this.pos++;
    let end = close.span.end;
    if (open.value === '|') return this.call('abs', [inner], { start: open.span.start, end }, '|…|');
    let order: Expr | undefined;
    const sub = this.peek();
    if (!this.atEnd() && sub.kind === 'op' && sub.value === '_' && !sub.spaced) {
      this.pos++;
      order = this.parseScriptAtom(sub);
      end = this.end(order);
    }
    return this.norm(inner, order, { start: open.span.start, end }, '‖…‖');
  }

  // ---- postfix ---------------------------------------------------------------------

  private parsePostfix(left: Expr): Expr {
    const t = this.tokens[this.pos++];
    const start = this.start(left);
    if (t.kind === 'post') {
      const span = { start, end: t.span.end };
      switch (t.value) {
        case 'T':
          return this.call('transpose', [left], span, this.source(t));
        case '-1':
          return this.call('inv', [left], span, this.source(t));
        case '-T':
          return this.call('transpose', [this.call('inv', [left], span, this.source(t))], span, this.source(t));
        default:
          return this.power(left, { kind: 'num', value: Number(t.value), span: t.span }, span, this.source(t));
      }
    }
    if (t.value === "'") return this.call('transpose', [left], { start, end: t.span.end }, "'");
    if (t.value === '_') {
      // `(A ⊙ B)_{ij}` inside Σ_ij is the matrix itself; other subscripts on expressions are not read.
      const script = this.scriptText();
      const inScope = new Set(this.indices.flat());
      if (script.text && [...script.text].every((c) => inScope.has(c))) {
        this.outer.set(left, { start, end: script.end });
        return left;
      }
      throw new ParseError('a subscript on an expression is not read', t.span, true);
    }
    // `^`
    const exponent = this.parseExponent(t);
    return this.power(left, exponent, { start, end: this.end(exponent) }, `^${this.text.slice(t.span.end, this.end(exponent)).trim()}`);
  }

  /** `^{…}`, `^(…)` in plain text, `^-1`, or one letter/number. */
  private parseExponent(caret: Token): Expr {
    const t = this.peek();
    if (this.atEnd()) throw new ParseError('expected an exponent after `^`', caret.span);
    if (t.kind === 'open' && (t.value === '{' || (t.value === '(' && !this.options.latex))) {
      this.pos++;
      // `^{\circ 2}`: the Hadamard power is the elementwise power we build anyway.
      if (t.value === '{' && this.peek().kind === 'op' && this.peek().value === '.*') this.pos++;
      return this.parseGroup(t);
    }
    if (t.kind === 'op' && (t.value === '-' || t.value === '+')) {
      this.pos++;
      const atom = this.parseScriptAtom(t);
      if (t.value === '+') return atom;
      if (atom.kind === 'num') return { kind: 'num', value: -atom.value, span: { start: t.span.start, end: atom.span.end } };
      return this.call('neg', [atom], { start: t.span.start, end: atom.span.end }, '-');
    }
    return this.parseScriptAtom(caret);
  }

  private parseScriptAtom(owner: Token): Expr {
    const t = this.peek();
    if (this.atEnd()) throw new ParseError(`expected an exponent after \`${this.source(owner)}\``, owner.span);
    if (t.kind === 'num') {
      this.pos++;
      return { kind: 'num', value: t.num ?? Number(t.value), span: t.span };
    }
    if (t.kind === 'name') {
      this.pos++;
      return this.nameExpr(t);
    }
    if (t.kind === 'open' && t.value === '{') {
      this.pos++;
      return this.parseGroup(t);
    }
    throw new ParseError(`expected an exponent, found \`${this.source(t)}\``, t.span, t.kind === 'cmd');
  }

  /** The raw letters of a subscript on an expression (`_{ij}`, `_j`). */
  private scriptText(): { text: string; end: number } {
    const t = this.peek();
    if (this.atEnd()) return { text: '', end: t.span.end };
    if (t.kind === 'open' && t.value === '{') {
      let depth = 0;
      let text = '';
      while (!this.atEnd()) {
        const u = this.tokens[this.pos++];
        if (u.kind === 'open' && u.value === '{') depth++;
        else if (u.kind === 'close' && u.value === '}') depth--;
        else if (u.kind === 'name') text += u.sub ? u.value + u.sub : u.value;
        else if (!(u.kind === 'op' && u.value === ',')) text += '\u0000';
        if (depth === 0) return { text, end: u.span.end };
      }
      return { text, end: this.peek().span.end };
    }
    this.pos++;
    return { text: t.kind === 'name' ? t.value + (t.sub ?? '') : '\u0000', end: t.span.end };
  }

  /** What `x^e` means: Xᵀ, X⁻¹, ‖X‖², e^x, or an elementwise power. */
  private power(base: Expr, exponent: Expr, span: Span, callee: string): Expr {
    if (exponent.kind === 'name' && exponent.name === 'T') return this.call('transpose', [base], span, callee);
    if (exponent.kind === 'num' && exponent.value === -1) return this.call('inv', [base], span, callee);
    if (exponent.kind === 'call' && exponent.op === 'neg' && exponent.args[0].kind === 'name' && exponent.args[0].name === 'T') {
      return this.call('transpose', [this.call('inv', [base], span, callee)], span, callee);
    }
    const squares = this.norms.get(base);
    if (squares && exponent.kind === 'num' && exponent.value === 2) {
      const lowered = squares as CallExpr;
      return { ...lowered, span, args: [{ ...(lowered.args[0] as CallExpr), span }] };
    }
    if (base.kind === 'name' && base.name === 'e') return this.call('exp', [exponent], span, 'e^');
    return this.call('pow', [base, exponent], span, callee);
  }

  // ---- infix -----------------------------------------------------------------------

  private binary(kind: string, left: Expr, right: Expr, op: Token): Expr {
    const span = { start: this.start(left), end: this.end(right) };
    const callee = this.source(op);
    switch (kind) {
      case 'product':
        return this.product(left, right, callee);
      case 'frobenius':
        return this.call('sum', [this.call('mul', [left, right], span, callee)], span, callee);
      case 'kron':
        return kron(left, right, span, callee);
      default:
        return this.call(kind, [left, right], span, callee);
    }
  }

  /** A matrix product, or scaling when a factor is a number or we are inside an indexed sum. */
  private product(left: Expr, right: Expr, callee: string): Expr {
    const span = { start: this.start(left), end: this.end(right) };
    const elementwise = this.indices.some((s) => s.length > 0) || isNumeric(left) || isNumeric(right);
    const call = this.call(elementwise ? 'mul' : 'matmul', [left, right], span, callee);
    if (!elementwise) this.options.products?.add(call);
    return call;
  }

  // ---- helpers ---------------------------------------------------------------------

  private startsOperand(t: Token): boolean {
    switch (t.kind) {
      case 'num':
      case 'name':
      case 'func':
      case 'sum':
      case 'frac':
        return true;
      case 'open':
        return true;
      case 'op':
        return (t.value === '‖' || t.value === '|') && this.bars[this.bars.length - 1] !== t.value;
      default:
        return false;
    }
  }

  private call(op: string, args: Expr[], span: Span, callee: string): CallExpr {
    return { kind: 'call', op, args, kwargs: {}, span, callee };
  }

  private start(e: Expr): number {
    return (this.outer.get(e) ?? e.span).start;
  }

  private end(e: Expr): number {
    return (this.outer.get(e) ?? e.span).end;
  }

  private source(t: Token): string {
    return this.text.slice(t.span.start, t.span.end);
  }

  private lastSpan(): Span {
    const last = this.tokens[Math.min(this.pos, this.tokens.length) - 1];
    return last ? last.span : { start: 0, end: 0 };
  }

  private afterMessage(base: string): string {
    const last = this.tokens[Math.min(this.pos, this.tokens.length) - 1];
    return last ? `${base} after \`${this.source(last)}\`` : base;
  }
}

/** In plain text `W x` is a product but `softmax(z) is the output` is prose: only a one-letter name juxtaposes across a space. */
function isLetterFactor(t: Token): boolean {
  return t.kind === 'name' && [...t.value].length === 1;
}

function closerOf(open: string): string {
  return open === '(' ? ')' : open === '[' ? ']' : '}';
}

/** A number or arithmetic on numbers: multiplying by it scales. */
export function isNumeric(e: Expr): boolean {
  if (e.kind === 'num') return true;
  if (e.kind !== 'call') return false;
  return ['neg', 'add', 'sub', 'mul', 'div', 'pow', 'sqrt', 'exp', 'log'].includes(e.op) && e.args.every(isNumeric);
}
