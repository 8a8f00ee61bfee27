/**
 * The math tokenizer: plain text (`X = softmax(C*B*A)`), Unicode (`C·B`, `Aᵀ`) and LaTeX
 * (`\mathbf{C}\bullet\mathbf{B}`) all become one token stream. Tokens carry UTF-16
 * offsets into the whole analysed text, so every span the parser builds from them can
 * be sliced out of the document.
 */
import type { Span } from '../../ir/span';
import { commandSpec, isAsciiLetter, normaliseScript, readArgument, readCommandName, summationIndices } from './latex';
import { ASCII_OPERATORS, functionSpec, UNICODE_TOKENS, type TokenKind } from './tables';

export interface Token {
  kind: TokenKind;
  /** The canonical value: a name, a function key, an operator symbol, a bracket. */
  value: string;
  span: Span;
  /** Whitespace (or a LaTeX spacing command) separates it from the previous token. */
  spaced: boolean;
  /** Names: the subscript, normalised (`W_{12}` → `12`, `x_{i,j}` → `ij`). */
  sub?: string;
  /** Numbers: the value. */
  num?: number;
  /** Sums: the summation indices (`\sum_{i,j}` → i, j). */
  indices?: string[];
}

export interface TokenizeOptions {
  /** LaTeX rules: `^` and `_` take one character (`A^TB` is Aᵀ·B), `%` starts a comment. */
  latex: boolean;
  /** Emit the words of `\text{…}` as tokens instead of one `text` token (for prose patterns). */
  expandText?: boolean;
  /**
   * LaTeX writes products by juxtaposing letters (`CBA`). When this says so for a run
   * of letters, the run becomes one name per letter (the caller decides where: LaTeX only, in notes).
   */
  splitRun?: (run: string) => boolean;
}

export function tokenize(text: string, start: number, end: number, options: TokenizeOptions): Token[] {
  const out: Token[] = [];
  new Tokenizer(text, start, end, options, out).run();
  return out;
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0';
const LETTER = /\p{L}/u;

/** The name of the vector of ones the notes write `\mathbf{1}`, sized by where it is used. */
export const ONES = '𝟏';
const BOLD_FONTS = new Set(['mathbf', 'boldsymbol', 'bm', 'pmb', 'mathbb']);

function isNameChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57)) return true;
  if (code < 128 || UNICODE_TOKENS[c]) return false;
  return LETTER.test(c);
}

/** ASCII operators by their first character, longest first. */
const OPERATORS_BY_FIRST = new Map<string, Array<readonly [string, TokenKind, string]>>();
for (const entry of ASCII_OPERATORS) {
  const list = OPERATORS_BY_FIRST.get(entry[0][0]) ?? [];
  list.push(entry);
  OPERATORS_BY_FIRST.set(entry[0][0], list);
}

class Tokenizer {
  private pos: number;
  private spaced = false;
  /** How many following letters (and, in LaTeX, digits) are read one character at a time: script arguments. */
  private single = 0;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
    private readonly options: TokenizeOptions,
    private readonly out: Token[],
  ) {
    this.pos = start;
  }

  run(): void {
    while (this.pos < this.end) this.step();
  }

  private emit(kind: TokenKind, value: string, start: number, end: number, extra?: Partial<Token>): Token {
    const token: Token = { kind, value, span: { start, end }, spaced: this.spaced || this.out.length === 0, ...extra };
    this.out.push(token);
    this.spaced = false;
    if (kind === 'open') this.single = 0;
    else if (kind === 'num' || kind === 'name' || kind === 'func' || kind === 'cmd') this.single = Math.max(0, this.single - 1);
    // A letter exponent is one letter everywhere (`A^TB` is Aᵀ·B); digits and `_` follow LaTeX only in LaTeX.
    if (kind === 'op' && (value === '^' || (value === '_' && this.options.latex))) this.single = 1;
    return token;
  }

  private step(): void {
    const t = this.text;
    const i = this.pos;
    const c = t[i];
    // `&` aligns, `$` and backticks delimit: none of them means anything inside an equation.
    if (isSpace(c) || c === '&' || c === '$' || c === '`' || (c === '~' && this.options.latex)) {
      this.spaced = true;
      this.pos++;
      return;
    }
    if (c === '%' && this.options.latex) {
      while (this.pos < this.end && t[this.pos] !== '\n') this.pos++;
      return;
    }
    if (c === '\\') return this.command();
    const code = t.charCodeAt(i);
    if (isDigit(code) || (c === '.' && i + 1 < this.end && isDigit(t.charCodeAt(i + 1)))) return this.number();
    if (code >= 128) {
      const two = t.slice(i, i + 2);
      const width = i + 1 < this.end && UNICODE_TOKENS[two] ? 2 : 1;
      const uni = width === 2 ? UNICODE_TOKENS[two] : UNICODE_TOKENS[c];
      if (uni) {
        this.pos += width;
        if (uni.kind === 'sum') return this.sum(i);
        const token = this.emit(uni.kind, uni.value, i, i + width);
        if (uni.kind === 'name') this.subscript(token);
        return;
      }
    }
    if (isNameChar(c)) return this.identifier();
    for (const [spelling, kind, value] of OPERATORS_BY_FIRST.get(c) ?? []) {
      if (i + spelling.length <= this.end && t.startsWith(spelling, i)) {
        this.pos += spelling.length;
        this.emit(kind, value, i, i + spelling.length);
        return;
      }
    }
    // A character we do not read (`<`, `!`, an emoji): statements using it are skipped.
    const width = code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    this.pos += width;
    this.emit('cmd', t.slice(i, i + width), i, i + width);
  }

  private number(): void {
    const t = this.text;
    const start = this.pos;
    let i = start;
    if (this.options.latex && this.single > 0) {
      i++;
    } else {
      while (i < this.end && isDigit(t.charCodeAt(i))) i++;
      // `2.*X` is 2 .* X: a dot is decimal only when a digit follows.
      if (t[i] === '.' && i + 1 < this.end && isDigit(t.charCodeAt(i + 1))) {
        i++;
        while (i < this.end && isDigit(t.charCodeAt(i))) i++;
      }
      if ((t[i] === 'e' || t[i] === 'E') && !this.options.latex) {
        let j = i + 1;
        if (t[j] === '+' || t[j] === '-') j++;
        if (j < this.end && isDigit(t.charCodeAt(j))) {
          while (j < this.end && isDigit(t.charCodeAt(j))) j++;
          i = j;
        }
      }
    }
    this.pos = i;
    this.emit('num', t.slice(start, i), start, i, { num: Number(t.slice(start, i)) });
  }

  private identifier(): void {
    const t = this.text;
    const start = this.pos;
    let i = start;
    if (this.single > 0) {
      i++;
    } else {
      while (i < this.end && isNameChar(t[i])) i++;
    }
    this.pos = i;
    const run = t.slice(start, i);
    if (run.length > 1 && this.options.splitRun?.(run)) {
      let last: Token | undefined;
      for (let k = 0; k < run.length; k++) last = this.emit('name', run[k], start + k, start + k + 1);
      if (last) this.subscript(last);
      return;
    }
    this.subscript(this.emit('name', run, start, i));
  }

  /** `W_1`, `W_{12}`, `a_{ij}`, `W_out`: the subscript joins the name (the parser drops summation indices). */
  private subscript(token: Token): void {
    const t = this.text;
    if (t[this.pos] !== '_' || this.pos + 1 >= this.end) return;
    let next: number;
    let raw: string;
    const after = t[this.pos + 1];
    if (after === '{' || after === '\\' || this.options.latex) {
      const arg = readArgument(t, this.pos + 1, this.end);
      if (!arg) return;
      next = arg.next;
      // `x_\text{out}`: a command and its group.
      if (after === '\\' && t[next] === '{') next = readArgument(t, next, this.end)?.next ?? next;
      raw = t.slice(arg.contentStart, next);
    } else {
      let i = this.pos + 1;
      while (i < this.end && (isNameChar(t[i]) || t[i] === '_')) i++;
      if (i === this.pos + 1) return;
      next = i;
      raw = t.slice(this.pos + 1, i);
    }
    const sub = normaliseScript(raw);
    if (!sub) return;
    token.sub = token.sub ? token.sub + sub : sub;
    token.span = { start: token.span.start, end: next };
    this.pos = next;
  }

  /** `\sum`, `Σ`, `∑` with optional `_{…}` (the indices) and `^{…}` (ignored bounds). */
  private sum(start: number): void {
    const t = this.text;
    let indices: string[] = [];
    for (let round = 0; round < 2; round++) {
      let i = this.pos;
      while (i < this.end && isSpace(t[i])) i++;
      if (t.startsWith('\\limits', i)) i += 7;
      while (i < this.end && isSpace(t[i])) i++;
      const mark = t[i];
      if (mark !== '_' && mark !== '^') break;
      let arg = readArgument(t, i + 1, this.end);
      if (!arg) break;
      if (!this.options.latex && mark === '_' && t[i + 1] !== '{') {
        // Plain `Σ_ij`: the run of letters.
        let j = i + 1;
        while (j < this.end && isNameChar(t[j])) j++;
        arg = { contentStart: i + 1, contentEnd: j, next: j };
      }
      if (mark === '_') indices = summationIndices(t.slice(arg.contentStart, arg.contentEnd));
      this.pos = arg.next;
    }
    this.emit('sum', 'sum', start, this.pos, { indices });
  }

  private command(): void {
    const t = this.text;
    const start = this.pos;
    const { name, next } = readCommandName(t, start, this.end);
    this.pos = next;
    const spec = commandSpec(name);
    if (!spec) {
      this.emit('cmd', name, start, next);
      return;
    }
    switch (spec.kind) {
      case 'token': {
        if (spec.token === 'sum') return this.sum(start);
        if (spec.token === 'func' && spec.value === 'sqrt' && this.peekChar() === '[') {
          this.emit('cmd', name, start, next); // \sqrt[n]{x}: not read
          return;
        }
        const token = this.emit(spec.token, spec.value, start, next);
        if (spec.token === 'frac') this.single = 2;
        if (spec.token === 'name') this.subscript(token);
        return;
      }
      case 'space':
        this.spaced = true;
        return;
      case 'sep':
        this.emit('text', '', start, next);
        return;
      case 'ignore':
        // `\left.` and `\right.` are invisible delimiters.
        if ((name === 'left' || name === 'right') && this.peekChar() === '.') this.pos = this.skipSpaces(this.pos) + 1;
        return;
      case 'ignoreArgs':
        for (let k = 0; k < spec.count; k++) {
          const arg = readArgument(t, this.pos, this.end);
          if (!arg || t[this.skipSpaces(this.pos)] !== '{') break;
          this.pos = arg.next;
        }
        return;
      case 'font':
        if (BOLD_FONTS.has(name) && this.onesVector(start)) return;
        return this.font(start);
      case 'accent':
        return this.font(start, spec.suffix);
      case 'fontSwitch': {
        let i = this.skipSpaces(this.pos);
        const wordStart = i;
        while (i < this.end && isAsciiLetter(t.charCodeAt(i))) i++;
        if (i === wordStart) return;
        const word = t.slice(wordStart, i);
        this.pos = i;
        const isFunction = functionSpec(word) !== undefined || (spec.roman && word.length > 1);
        const token = this.emit(isFunction ? 'func' : 'name', word, start, i);
        if (!isFunction) this.subscript(token);
        return;
      }
      case 'operatorname': {
        if (t[this.pos] === '*') this.pos++;
        if (this.peekChar() !== '{') {
          // `\operatorname[X]` (a slip for \operatorname{Error}[X]): a function with no name.
          this.emit('func', '', start, this.pos);
          return;
        }
        const arg = readArgument(t, this.pos, this.end);
        if (!arg) return;
        this.pos = arg.next;
        this.emit('func', normaliseScript(t.slice(arg.contentStart, arg.contentEnd)), start, arg.next);
        return;
      }
      case 'roman':
      case 'text': {
        const arg = readArgument(t, this.pos, this.end);
        if (!arg) return;
        const content = t.slice(arg.contentStart, arg.contentEnd).trim();
        const word = /^[A-Za-z]+$/.test(content);
        if (functionSpec(content) || (spec.kind === 'roman' && word && content.length > 1)) {
          this.pos = arg.next;
          this.emit('func', content, start, arg.next);
          return;
        }
        if (spec.kind === 'roman' || (word && content.length === 1)) return this.font(start);
        this.pos = arg.next;
        if (this.options.expandText) {
          this.spaced = true;
          new Tokenizer(t, arg.contentStart, arg.contentEnd, { latex: false, expandText: true }, this.out).run();
          this.spaced = true;
        } else {
          this.emit('text', content, start, arg.next);
        }
        return;
      }
    }
  }

  /** `\mathbf{1}`: the vector of ones (ONES), not the number 1. */
  private onesVector(start: number): boolean {
    const arg = readArgument(this.text, this.pos, this.end);
    if (!arg || this.text.slice(arg.contentStart, arg.contentEnd).trim() !== '1') return false;
    this.pos = arg.next;
    this.subscript(this.emit('name', ONES, start, arg.next));
    return true;
  }

  /** `\mathbf{x}` → the name x spanning the whole command; `\hat{y}` → y_hat. */
  private font(start: number, accent?: string): void {
    const arg = readArgument(this.text, this.pos, this.end);
    if (!arg) return;
    this.pos = arg.next;
    const inner: Token[] = [];
    new Tokenizer(this.text, arg.contentStart, arg.contentEnd, { ...this.options, splitRun: undefined }, inner).run();
    if (inner.length === 1 && inner[0].kind === 'name') {
      const base = inner[0].sub ? `${inner[0].value}_${inner[0].sub}` : inner[0].value;
      const token = this.emit('name', accent ? `${base}_${accent}` : inner[0].value, start, arg.next, accent ? {} : { sub: inner[0].sub });
      this.subscript(token);
      return;
    }
    for (const token of inner) {
      this.out.push({ ...token, spaced: token === inner[0] ? this.spaced || token.spaced : token.spaced });
    }
    this.spaced = false;
    this.single = 0;
  }

  private skipSpaces(i: number): number {
    while (i < this.end && isSpace(this.text[i])) i++;
    return i;
  }

  private peekChar(): string {
    return this.text[this.skipSpaces(this.pos)] ?? '';
  }
}
