/**
 * LaTeX normalisation: what each control sequence means to the math parser. The
 * tokenizer reads `\name`, looks it up here and emits ordinary tokens, so the parser
 * never sees LaTeX (`\cdot` is `*`, `\mathbf{x}` is the name x, `\left(` is `(`).
 */
import { OP_MODULES, UNARY_OPS } from '../../ops/index';
import type { TokenKind } from './tables';

export type CommandSpec =
  | { kind: 'token'; token: TokenKind; value: string }
  /** \, \; \! — spacing. */
  | { kind: 'space' }
  /** \quad, \text{…}-like boundaries that end a clause. */
  | { kind: 'sep' }
  /** \left, \right, \displaystyle: presentation only. */
  | { kind: 'ignore' }
  /** \label{…}, \begin{align}: drop the command and this many brace groups. */
  | { kind: 'ignoreArgs'; count: number }
  /** \mathbf{x}, \boldsymbol{x}, \mathbb{R}: the argument, read as math. */
  | { kind: 'font' }
  /** {\rm vec}, {\bf x}: a font switch applying to the next word. */
  | { kind: 'fontSwitch'; roman: boolean }
  /** \hat{y} → the name y_hat. */
  | { kind: 'accent'; suffix: string }
  /** \operatorname{f}: always a function (or the name of the left side). */
  | { kind: 'operatorname' }
  /** \mathrm{tr}: a function when it names one or is a word, else upright letters. */
  | { kind: 'roman' }
  /** \text{…}: prose, unless it holds a function name or a single letter (^\text{T}). */
  | { kind: 'text' };

const tok = (token: TokenKind, value: string): CommandSpec => ({ kind: 'token', token, value });

const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ',
  Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω', ell: 'ℓ',
};

const COMMANDS: Record<string, CommandSpec> = {
  // Products and elementwise operators.
  cdot: tok('op', '*'),
  bullet: tok('op', '*'),
  ast: tok('op', '*'),
  times: tok('op', '×'),
  odot: tok('op', '.*'),
  circ: tok('op', '.*'),
  oslash: tok('op', './'),
  div: tok('op', '/'),
  otimes: tok('op', '⊗'),
  in: tok('op', '∈'),
  colon: tok('op', ':'),
  coloneqq: tok('op', '='),
  triangleq: tok('op', '='),
  top: tok('name', 'T'),
  intercal: tok('name', 'T'),
  // Delimiters.
  '|': tok('op', '‖'),
  Vert: tok('op', '‖'),
  lVert: tok('op', '‖'),
  rVert: tok('op', '‖'),
  vert: tok('op', '|'),
  lvert: tok('op', '|'),
  rvert: tok('op', '|'),
  '{': tok('open', '{'),
  '}': tok('close', '}'),
  lbrace: tok('open', '{'),
  rbrace: tok('close', '}'),
  lbrack: tok('open', '['),
  rbrack: tok('close', ']'),
  // Big operators.
  sum: tok('sum', 'sum'),
  frac: tok('frac', 'frac'),
  dfrac: tok('frac', 'frac'),
  tfrac: tok('frac', 'frac'),
  // Function commands: each module's own (\\sin, \\log, \\det, \\Tr), read as the function's first name.
  ...Object.fromEntries(UNARY_OPS.flatMap((op) => (op.spellings.latex ?? []).map((cmd) => [cmd, tok('func', cmd)]))),
  ...Object.fromEntries(OP_MODULES.flatMap((op) => (op.spellings.math ?? []).flatMap((s) => (s.latex ?? []).map((cmd) => [cmd, tok('func', s.names[0])])))),
  operatorname: { kind: 'operatorname' },
  mathrm: { kind: 'roman' },
  mathop: { kind: 'roman' },
  text: { kind: 'text' },
  textrm: { kind: 'text' },
  textit: { kind: 'text' },
  textbf: { kind: 'text' },
  textsf: { kind: 'text' },
  mbox: { kind: 'text' },
  // Fonts and accents.
  mathbf: { kind: 'font' },
  boldsymbol: { kind: 'font' },
  bm: { kind: 'font' },
  pmb: { kind: 'font' },
  mathit: { kind: 'font' },
  mathsf: { kind: 'font' },
  mathbb: { kind: 'font' },
  mathcal: { kind: 'font' },
  mathscr: { kind: 'font' },
  mathfrak: { kind: 'font' },
  vec: { kind: 'font' },
  rm: { kind: 'fontSwitch', roman: true },
  bf: { kind: 'fontSwitch', roman: false },
  it: { kind: 'fontSwitch', roman: false },
  sf: { kind: 'fontSwitch', roman: false },
  cal: { kind: 'fontSwitch', roman: false },
  hat: { kind: 'accent', suffix: 'hat' },
  widehat: { kind: 'accent', suffix: 'hat' },
  tilde: { kind: 'accent', suffix: 'tilde' },
  widetilde: { kind: 'accent', suffix: 'tilde' },
  bar: { kind: 'accent', suffix: 'bar' },
  overline: { kind: 'accent', suffix: 'bar' },
  // Presentation.
  left: { kind: 'ignore' },
  right: { kind: 'ignore' },
  middle: { kind: 'ignore' },
  big: { kind: 'ignore' },
  Big: { kind: 'ignore' },
  bigg: { kind: 'ignore' },
  Bigg: { kind: 'ignore' },
  bigl: { kind: 'ignore' },
  bigr: { kind: 'ignore' },
  Bigl: { kind: 'ignore' },
  Bigr: { kind: 'ignore' },
  biggl: { kind: 'ignore' },
  biggr: { kind: 'ignore' },
  displaystyle: { kind: 'ignore' },
  textstyle: { kind: 'ignore' },
  limits: { kind: 'ignore' },
  nolimits: { kind: 'ignore' },
  nonumber: { kind: 'ignore' },
  notag: { kind: 'ignore' },
  eqalign: { kind: 'ignore' },
  displaylines: { kind: 'ignore' },
  '%': { kind: 'ignore' },
  '$': { kind: 'ignore' },
  '#': { kind: 'ignore' },
  '&': { kind: 'ignore' },
  label: { kind: 'ignoreArgs', count: 1 },
  tag: { kind: 'ignoreArgs', count: 1 },
  begin: { kind: 'ignoreArgs', count: 1 },
  end: { kind: 'ignoreArgs', count: 1 },
  color: { kind: 'ignoreArgs', count: 1 },
  hspace: { kind: 'ignoreArgs', count: 1 },
  vspace: { kind: 'ignoreArgs', count: 1 },
  ',': { kind: 'space' },
  ';': { kind: 'space' },
  ':': { kind: 'space' },
  '!': { kind: 'space' },
  ' ': { kind: 'space' },
  quad: { kind: 'sep' },
  qquad: { kind: 'sep' },
  '\\': { kind: 'sep' },
  cr: { kind: 'sep' },
  newline: { kind: 'sep' },
};

for (const [name, letter] of Object.entries(GREEK)) COMMANDS[name] = tok('name', letter);

/** The meaning of `\name`, or undefined for a construct we do not read (it becomes a `cmd` token). */
export function commandSpec(name: string): CommandSpec | undefined {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Reads the name after a backslash at `pos` (which holds `\`): letters, or one other character. */
export function readCommandName(text: string, pos: number, end: number): { name: string; next: number } {
  let i = pos + 1;
  if (i >= end) return { name: '', next: i };
  if (!isAsciiLetter(text.charCodeAt(i))) return { name: text[i], next: i + 1 };
  while (i < end && isAsciiLetter(text.charCodeAt(i))) i++;
  return { name: text.slice(pos + 1, i), next: i };
}

export interface Group {
  /** Where the argument's content starts and ends (without braces). */
  contentStart: number;
  contentEnd: number;
  /** Just past the argument. */
  next: number;
}

/**
 * Reads one TeX argument at `pos` (after optional spaces): a `{…}` group with balanced
 * braces, a control sequence, or a single character. Null at the end of the range.
 */
export function readArgument(text: string, pos: number, end: number): Group | null {
  let i = pos;
  while (i < end && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  if (i >= end) return null;
  if (text[i] === '{') {
    let depth = 0;
    for (let j = i; j < end; j++) {
      const c = text[j];
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return { contentStart: i + 1, contentEnd: j, next: j + 1 };
    }
    return { contentStart: i + 1, contentEnd: end, next: end };
  }
  if (text[i] === '\\') {
    const { next } = readCommandName(text, i, end);
    return { contentStart: i, contentEnd: next, next };
  }
  // One character; a surrogate pair stays together.
  const code = text.charCodeAt(i);
  const width = code >= 0xd800 && code <= 0xdbff && i + 1 < end ? 2 : 1;
  return { contentStart: i, contentEnd: i + width, next: i + width };
}

/**
 * Normalises the text of a subscript for use in a name: braces, spaces, commas and
 * font commands go (`W_{1,2}` → `12`, `x_{\text{out}}` → `out`).
 */
export function normaliseScript(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      const { name, next } = readCommandName(raw, i, raw.length);
      const greek = GREEK[name];
      if (greek) out += greek;
      i = next - 1;
      continue;
    }
    if (c === '{' || c === '}' || c === ',' || c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    out += c;
  }
  return out;
}

/**
 * The summation indices of a `\sum` subscript: `i` → [i], `i,j` → [i, j], `ij` → [i, j],
 * `k=1` → [k], `i \in S` → [i].
 */
export function summationIndices(raw: string): string[] {
  let lower = raw;
  const cut = [lower.indexOf('='), lower.indexOf('\\in'), lower.indexOf('∈')].filter((k) => k >= 0);
  if (cut.length) lower = lower.slice(0, Math.min(...cut));
  const out: string[] = [];
  for (const c of normaliseScript(lower)) {
    if (/\p{L}/u.test(c) && !out.includes(c)) out.push(c);
  }
  return out;
}
