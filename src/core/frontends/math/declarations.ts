/**
 * Shape declarations in math notes:
 *
 *   A: 1024 x 10        C: ? x 1568       C: N x 1568      x: 4  (a column vector, 4×1)
 *   s: scalar           s: 1              s ∈ ℝ             (scalars: dims [])
 *   C ∈ R^{N×1568}      C \in \mathbb{R}^{N \times 1568}    A ∈ ℝ^(1024×10)    A: (1024, 10)
 *   Y ∈ \{0,1\}^{N×K}  (entries 0 or 1: data like any other)
 *
 * the prose forms "$X$ is $N \times D$", "Let $W$ be a $D \times K$ matrix", "X has shape
 * (N, D)", and that of the seed question: "the dimensions of A, B, and C are (1024,10),
 * (1568,1024), (?,1568) respectively". Dims are numbers, `?` (const null), names, or
 * products and sums of them (`2N`, `N*M`, `N+1`).
 */
import type { CallExpr, DeclareStmt, Expr } from '../../ir/program';
import type { Span } from '../../ir/span';
import type { Token } from './tokenizer';
import { COPULA_WORDS, LIST_WORDS } from './tables';

/** Reads `names : dims` or `names ∈ ℝ^{…}`; null when the clause is not exactly a declaration. */
export function parseDeclaration(tokens: Token[], span: Span): DeclareStmt[] | null {
  const names: Token[] = [];
  let i = 0;
  while (i < tokens.length && tokens[i].kind === 'name') {
    names.push(tokens[i++]);
    if (isOp(tokens[i], ',')) i++;
    else break;
  }
  const mark = tokens[i];
  if (!names.length || !mark || mark.kind !== 'op' || (mark.value !== ':' && mark.value !== '∈')) return null;
  const reader = new DimReader(splitTimes(tokens.slice(i + 1)));
  const dims = mark.value === '∈' ? reader.realSpace() : reader.spec();
  if (!dims || !reader.atEndOrPunctuation()) return null;
  return names.map((name) => declare(name, dims, span));
}

/** "the dimensions of A, B, and C are (1024,10), (1568,1024), (?,1568) respectively". */
export function parseRespectively(tokens: Token[]): DeclareStmt[] {
  const out: DeclareStmt[] = [];
  for (let r = 0; r < tokens.length; r++) {
    if (!isWord(tokens[r], 'respectively')) continue;
    let copula = r - 1;
    while (copula >= 0 && !(tokens[copula].kind === 'name' && COPULA_WORDS.has(tokens[copula].value.toLowerCase()))) copula--;
    if (copula < 1) continue;
    const shapes = readShapeList(splitTimes(tokens.slice(copula + 1, r)));
    const names = readNameList(tokens, copula - 1);
    if (!shapes || names.length !== shapes.length) continue;
    names.forEach((name, k) => out.push(declare(name, shapes[k], name.span)));
  }
  return out;
}

/**
 * "$X$ is $N \times D$", "Let $W$ be a $D \times K$ matrix", "X has shape (N, D)", "the
 * inputs X, of shape (N, D)": names, a copula (or "has/of/with shape"), and at least two
 * dims written `d × d` or `(d, d)`, then the end of the sentence or a word (matrix, …). The
 * names are math names (a letter, with digits or a subscript), so prose is never declared.
 */
export function parseProse(tokens: Token[]): DeclareStmt[] {
  const out: DeclareStmt[] = [];
  for (let j = 1; j < tokens.length; j++) {
    const t = tokens[j];
    let before = j - 1;
    let after = j + 1;
    if (isShapeWord(t) && j >= 2 && SHAPE_VERBS.has(lower(tokens[j - 1]))) before = j - 2;
    else if (!(t.kind === 'name' && !t.sub && COPULA_WORDS.has(t.value.toLowerCase()))) continue;
    if (isOp(tokens[before], ',')) before--;
    const names = readNameList(tokens, before).filter(isMathName);
    if (!names.length || names[names.length - 1] !== tokens[before]) continue;
    if (ARTICLES.has(lower(tokens[after]))) after++;
    const reader = new DimReader(splitTimes(tokens.slice(after)));
    const dims = reader.proseShape();
    if (!dims) continue;
    const next = reader.peek();
    if (next && !(next.kind === 'name' && !isTimes(next)) && !(next.kind === 'op' && ['.', ',', ';'].includes(next.value))) continue;
    names.forEach((name) => out.push(declare(name, dims, name.span)));
  }
  return out;
}

const SHAPE_VERBS: ReadonlySet<string> = new Set(['has', 'of', 'with']);
const ARTICLES: ReadonlySet<string> = new Set(['a', 'an']);

function lower(t: Token | undefined): string {
  return t && t.kind === 'name' && !t.sub ? t.value.toLowerCase() : '';
}

function isShapeWord(t: Token): boolean {
  return lower(t) === 'shape' || lower(t) === 'size' || lower(t) === 'dimensions';
}

/** `X`, `W1`, `W_1`, `\mathbf{x}`: a letter, maybe digits or a subscript; never a word. */
function isMathName(t: Token): boolean {
  return t.kind === 'name' && (!!t.sub || /^[A-Za-z\u0370-\u03ff]\d*$/.test(t.value)) && !(t.value === 'a' && !t.sub);
}

function declare(name: Token, dims: Expr[], span: Span): DeclareStmt {
  const full = name.sub ? `${name.value}_${name.sub}` : name.value;
  return { kind: 'declare', name: full, dims, role: 'input', source: 'declaration', span };
}

function readShapeList(tokens: Token[]): Expr[][] | null {
  const reader = new DimReader(tokens);
  const shapes: Expr[][] = [];
  while (!reader.atEnd()) {
    const dims = reader.spec();
    if (!dims) return null;
    shapes.push(dims);
    while (!reader.atEnd() && (isOp(reader.peek(), ',') || isListWord(reader.peek()))) reader.skip();
  }
  return shapes.length ? shapes : null;
}

/** Names joined by commas and "and", read backwards from `last`: "of A, B, and C" → A, B, C. */
function readNameList(tokens: Token[], last: number): Token[] {
  const names: Token[] = [];
  let j = last;
  while (j >= 0 && tokens[j].kind === 'name' && !isListWord(tokens[j])) {
    names.unshift(tokens[j--]);
    let separated = false;
    while (j >= 0 && (isOp(tokens[j], ',') || isListWord(tokens[j]))) {
      separated = true;
      j--;
    }
    if (!separated) break;
  }
  return names;
}

/** `1024x10` tokenizes as 1024 and the name x10: split it back into `x` and 10. */
function splitTimes(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    if (t.kind === 'name' && !t.sub && t.value.length > 1 && t.value[0] === 'x' && /^x\d+$/.test(t.value)) {
      const digits = t.value.slice(1);
      out.push({ kind: 'op', value: '×', span: { start: t.span.start, end: t.span.start + 1 }, spaced: t.spaced });
      out.push({ kind: 'num', value: digits, num: Number(digits), span: { start: t.span.start + 1, end: t.span.end }, spaced: false });
    } else {
      out.push(t);
    }
  }
  return out;
}

function isOp(t: Token | undefined, value: string): boolean {
  return !!t && t.kind === 'op' && t.value === value;
}

function isWord(t: Token | undefined, word: string): boolean {
  return !!t && t.kind === 'name' && !t.sub && t.value.toLowerCase() === word;
}

function isListWord(t: Token | undefined): boolean {
  return !!t && ((t.kind === 'name' && !t.sub && LIST_WORDS.has(t.value.toLowerCase())) || (t.kind === 'op' && t.value === '&'));
}

/** `x` and `×` separate dims (`1024 x 10`); a name `x` is never a dim. */
function isTimes(t: Token | undefined): boolean {
  return !!t && ((t.kind === 'op' && t.value === '×') || (t.kind === 'name' && t.value === 'x' && !t.sub));
}

class DimReader {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  atEndOrPunctuation(): boolean {
    while (!this.atEnd() && this.peek().kind === 'op' && ['.', ',', ';'].includes(this.peek().value)) this.pos++;
    return this.atEnd();
  }

  peek(): Token {
    return this.tokens[this.pos];
  }

  skip(): void {
    this.pos++;
  }

  /** `scalar`, `ℝ^{…}`, `(d, d)`, or `d x d x …`; a single dim d is a column vector (d, 1), and 1 alone a scalar. */
  spec(): Expr[] | null {
    const t = this.peek();
    if (!t) return null;
    if (isWord(t, 'scalar')) {
      this.pos++;
      return [];
    }
    if (t.kind === 'name' && (t.value === 'R' || t.value === 'ℝ') && !t.sub) return this.realSpace();
    if (t.kind === 'open' && t.value === '(') {
      this.pos++;
      const dims = this.list(')');
      return dims && shapeOf(dims);
    }
    const dims = this.list(null);
    return dims && shapeOf(dims);
  }

  /** At least two dims, `d × d …` or `(d, d, …)`, as prose writes a shape; the reader stops after them. */
  proseShape(): Expr[] | null {
    const t = this.peek();
    if (!t) return null;
    const bracketed = t.kind === 'open' && t.value === '(';
    if (bracketed) this.pos++;
    const dims = this.list(bracketed ? ')' : null);
    return dims && dims.length >= 2 ? dims : null;
  }

  /** `ℝ`, `ℝ^n`, `ℝ^{m×n}`, `R^(m×n)`, `\mathbb{R}^{m \times n}`, and `\{0,1\}^{m×n}` (a matrix of zeros and ones). */
  realSpace(): Expr[] | null {
    const t = this.peek();
    if (this.binarySet()) {
      if (!isOp(this.peek(), '^')) return null;
    } else if (!t || t.kind !== 'name' || (t.value !== 'R' && t.value !== 'ℝ') || t.sub) return null;
    else this.pos++;
    if (!isOp(this.peek(), '^')) return [];
    this.pos++;
    const open = this.peek();
    if (open && open.kind === 'open' && (open.value === '{' || open.value === '(')) {
      this.pos++;
      const dims = this.list(open.value === '{' ? '}' : ')');
      return dims && shapeOf(dims);
    }
    const dim = this.atom();
    return dim && shapeOf([dim]);
  }

  /** `\{0,1\}` (or `\{0, 1\}`), read past when it is there. */
  private binarySet(): boolean {
    const [open, zero, comma, one, close] = this.tokens.slice(this.pos, this.pos + 5);
    const is = open?.kind === 'open' && open.value === '{' && zero?.kind === 'num' && zero.num === 0 && isOp(comma, ',') && one?.kind === 'num' && one.num === 1 && close?.kind === 'close' && close.value === '}';
    if (is) this.pos += 5;
    return is;
  }

  /** Dims separated by `x`, `×` or commas, up to `closer` (or as far as they go when null). */
  private list(closer: string | null): Expr[] | null {
    const dims: Expr[] = [];
    for (;;) {
      if (closer && this.peek()?.kind === 'close' && this.peek().value === closer && dims.length) break;
      const dim = this.sum();
      if (!dim) return null;
      dims.push(dim);
      const sep = this.peek();
      if (isTimes(sep) || (closer && isOp(sep, ','))) {
        this.pos++;
        continue;
      }
      break;
    }
    if (closer) {
      const close = this.peek();
      if (!close || close.kind !== 'close' || close.value !== closer) return null;
      this.pos++;
    }
    return dims;
  }

  private sum(): Expr | null {
    let left = this.product();
    while (left && (isOp(this.peek(), '+') || isOp(this.peek(), '-'))) {
      const op = this.tokens[this.pos++];
      const right = this.product();
      if (!right) return null;
      left = arith(op.value === '+' ? 'add' : 'sub', left, right, op.value);
    }
    return left;
  }

  private product(): Expr | null {
    let left = this.atom();
    for (;;) {
      if (!left) return null;
      const t = this.peek();
      if (isOp(t, '*')) {
        this.pos++;
        const right = this.atom();
        if (!right) return null;
        left = arith('mul', left, right, '*');
      } else if (t && t.kind === 'name' && !t.spaced && !isTimes(t) && left.kind === 'num') {
        // `2N`
        const right = this.atom();
        if (!right) return null;
        left = arith('mul', left, right, '·');
      } else {
        return left;
      }
    }
  }

  private atom(): Expr | null {
    const t = this.peek();
    if (!t) return null;
    if (t.kind === 'num') {
      this.pos++;
      return { kind: 'num', value: t.num ?? Number(t.value), span: t.span };
    }
    if (isOp(t, '?')) {
      this.pos++;
      return { kind: 'const', value: null, span: t.span };
    }
    if (t.kind === 'name' && !isTimes(t) && !isListWord(t)) {
      this.pos++;
      return { kind: 'name', name: t.sub ? `${t.value}_${t.sub}` : t.value, span: t.span };
    }
    if (t.kind === 'open' && t.value === '(') {
      this.pos++;
      const inner = this.sum();
      if (!inner || !(this.peek()?.kind === 'close' && this.peek().value === ')')) return null;
      this.pos++;
      return inner;
    }
    return null;
  }
}

function arith(op: 'add' | 'sub' | 'mul', a: Expr, b: Expr, callee: string): CallExpr {
  return { kind: 'call', op, args: [a, b], kwargs: {}, span: { start: a.span.start, end: b.span.end }, callee };
}

/** One dim is a column vector; the number 1 alone is a scalar. */
function shapeOf(dims: Expr[]): Expr[] {
  if (dims.length !== 1) return dims;
  const [d] = dims;
  if (d.kind === 'num' && d.value === 1) return [];
  return [d, { kind: 'num', value: 1, span: d.span }];
}
