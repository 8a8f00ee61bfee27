import type { DeclareStmt, Expr } from '../../ir/program';
import type { Span } from '../../ir/span';
import { named, type PyNode } from './tree';

/**
 * Shapes written by the user: comments (`# C: (N, 1568)`, `# x: (N, 1, 28, 28)`) and
 * jaxtyping annotations (`x: Float[Array, "N 1568"]`). A dim is a number, a symbol, `?` /
 * `None` / `_` (unknown) or a product/sum of those (`7*7*32`, `2*H`); every dim keeps its
 * own span inside the comment or string so a quick fix can edit it.
 */

const NAME = /[A-Za-z_][\w.]*(?:\[\s*(['"])\w+\1\s*\])?/y;
const JAXTYPING_DTYPE = /^(Float\d*|BFloat16|Int\d*|UInt\d*|Integer|Num|Shaped|Real|Inexact|Bool|Complex\d*|Key)$/;
const INTEGER_DTYPE = /^(Int\d*|UInt\d*|Integer)$/;

/**
 * The declarations in one comment. `fallbackName` is the target of the statement a trailing
 * comment follows, so `x = f(x)  # (N, 128)` declares x.
 */
export function commentDeclarations(text: string, comment: PyNode, fallbackName?: string): DeclareStmt[] {
  const out: DeclareStmt[] = [];
  const end = comment.end;
  let pos = skipSpaces(text, comment.start + 1, end);
  while (pos < end) {
    let name: string;
    let declStart = pos;
    let open = pos;
    NAME.lastIndex = pos;
    const m = NAME.exec(text);
    if (m && m.index === pos && m.index + m[0].length <= end && !(out.length === 0 && fallbackName && sizeCall(text, pos) > 0)) {
      name = canonicalName(m[0]);
      let p = skipSpaces(text, pos + m[0].length, end);
      if (text[p] !== ':') break;
      p = skipSpaces(text, p + 1, end);
      open = p;
    } else if (out.length === 0 && fallbackName && (text[pos] === '(' || text[pos] === '[' || sizeCall(text, pos) > 0)) {
      name = fallbackName;
      declStart = pos;
    } else {
      break;
    }
    // `torch.Size([N, 10])`, as PyTorch prints a shape, is the list inside.
    const call = sizeCall(text, open);
    const dims = parseDimList(text, open + call, end);
    if (!dims) break;
    if (call > 0) {
      const close = skipSpaces(text, dims.end, end);
      if (text[close] !== ')') break;
      dims.end = close + 1;
    }
    out.push({ kind: 'declare', name, dims: dims.dims, role: roleFor(name, dims.dims), source: 'comment', span: { start: declStart, end: dims.end } });
    pos = skipSpaces(text, dims.end, end);
    if (text[pos] !== ',' && text[pos] !== ';') break;
    pos = skipSpaces(text, pos + 1, end);
  }
  return out;
}

/** `( dim, dim, ... )` or `[ ... ]` starting at `open`; null unless every dim parses. */
function parseDimList(text: string, open: number, end: number): { dims: Expr[]; end: number } | null {
  const closeChar = text[open] === '(' ? ')' : text[open] === '[' ? ']' : null;
  if (!closeChar) return null;
  const dims: Expr[] = [];
  let depth = 0;
  let itemStart = open + 1;
  for (let p = open + 1; p < end; p++) {
    const c = text[p];
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0 && (c === ',' || c === closeChar)) {
      const item = text.slice(itemStart, p);
      if (item.trim() !== '') {
        const dim = parseDim(item, itemStart);
        if (!dim) return null;
        dims.push(dim);
      } else if (c === ',' || dims.length > 0) {
        // `(N,)` is fine, `(, N)` and `(N, , D)` are not.
        if (c === ',') return null;
      }
      if (c === closeChar) return { dims, end: p + 1 };
      itemStart = p + 1;
    }
  }
  return null;
}

/** The dims of a jaxtyping annotation (`Float[Array, "N 1568"]`), or null when it is not one. */
export function annotationDims(text: string, type: PyNode): { dims: Expr[]; integer: boolean; variadic?: number } | null {
  let node = type;
  while (node.type === 'type' && named(node).length === 1) node = named(node)[0];
  let dtype: PyNode | undefined;
  let params: PyNode[];
  if (node.type === 'generic_type') {
    const [head, parameter] = named(node);
    dtype = head;
    params = parameter ? named(parameter) : [];
  } else if (node.type === 'subscript') {
    const [head, ...rest] = named(node);
    dtype = head;
    params = rest;
  } else {
    return null;
  }
  if (!dtype || dtype.type !== 'identifier') return null;
  const dtypeName = text.slice(dtype.start, dtype.end);
  if (!JAXTYPING_DTYPE.test(dtypeName) || params.length < 2) return null;
  let shape = params[params.length - 1];
  while (shape.type === 'type' && named(shape).length === 1) shape = named(shape)[0];
  if (shape.type !== 'string') return null;
  const content = named(shape).find((c) => c.type === 'string_content');
  const dims: Expr[] = [];
  let variadic: number | undefined;
  if (content) {
    const body = text.slice(content.start, content.end);
    // A word, or a bracketed group of words that is one axis of their product (`(h d)`, einops style).
    const word = /\([^()]*\)|[^\s(]+/g;
    for (let m = word.exec(body); m; m = word.exec(body)) {
      let token = m[0];
      let at = content.start + m.index;
      // `#N` (broadcastable) is still the dim N; `*batch` is any number of dims (one when
      // nothing tells how many), named batch; `...` and `*#b` say too little to declare.
      if (token.startsWith('#')) {
        token = token.slice(1);
        at++;
      }
      if (token.startsWith('*') && variadic === undefined && /^\*[A-Za-z_]\w*$/.test(token)) {
        variadic = dims.length;
        token = token.slice(1);
        at++;
      }
      if (token.startsWith('*') || token.startsWith('...') || token.includes('=')) return null;
      const dim = token.startsWith('(') ? groupDim(token, at) : parseDim(token, at);
      if (!dim) return null;
      dims.push(dim);
    }
  }
  return { dims, integer: INTEGER_DTYPE.test(dtypeName), variadic };
}

/** `(h d)`: one axis of size h·d. A group with operators (`(2*h)`) is read as one dim. */
function groupDim(token: string, at: number): Expr | null {
  const words = [...token.slice(1, -1).matchAll(/\S+/g)];
  if (words.length <= 1) return parseDim(token, at);
  let product: Expr | null = null;
  for (const w of words) {
    const dim = parseDim(w[0], at + 1 + (w.index ?? 0));
    if (!dim) return null;
    product = product ? { kind: 'call', op: 'mul', args: [product, dim], kwargs: {}, span: { start: product.span.start, end: dim.span.end }, callee: '*' } : dim;
  }
  return product;
}

/**
 * What a declared name is, guessed from its name: integer labels (`y`, `labels`, `targets`
 * with at most one dim), learnable parameters (`W1`, `b2`, `weight`, `bias`, `theta`), else
 * data fed in. The guess only matters for numeric checks; shapes do not depend on it.
 */
export function roleFor(name: string, dims: Expr[] | null): DeclareStmt['role'] {
  const base = name.replace(/^self\./, '').replace(/\[.*$/, '');
  if (/^(y|t|labels?|targets?|y_true|classes)$/.test(base) && (dims === null || dims.length <= 1)) return 'labels';
  if (/^(W\w*|w\d*|b\d*|weights?\d*|bias(es)?\d*|theta\d*)$/.test(base)) return 'param';
  return 'input';
}

/** `grads["W2"]` and `grads[ 'W2' ]` are both the name `grads['W2']`. */
export function canonicalName(raw: string): string {
  const m = /^([^[]+)\[\s*['"](\w+)['"]\s*\]$/.exec(raw);
  return m ? `${m[1]}['${m[2]}']` : raw;
}

/** The length of a `torch.Size(` or `Size(` opening at pos, 0 when there is none. */
function sizeCall(text: string, pos: number): number {
  const m = /(?:torch\.)?Size\(\s*/y;
  m.lastIndex = pos;
  return m.exec(text) ? m.lastIndex - pos : 0;
}

function skipSpaces(text: string, pos: number, end: number): number {
  while (pos < end && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  return pos;
}

// ---- One dim: sum := product (('+' | '-') product)*, product := atom ('*' atom)*,
// ---- atom := number | symbol | '?' | None | '_' | '(' sum ')'.

interface DimToken {
  kind: 'num' | 'name' | 'unknown' | 'op';
  text: string;
  start: number;
  end: number;
}

/** Parses one dim written at offset `at` of the document; null when it is not a dim. */
export function parseDim(source: string, at: number): Expr | null {
  const tokens = tokenizeDim(source, at);
  if (!tokens || tokens.length === 0) return null;
  let i = 0;
  const spanOf = (a: Expr, b: Expr): Span => ({ start: a.span.start, end: b.span.end });
  const atom = (): Expr | null => {
    const t = tokens[i];
    if (!t) return null;
    i++;
    if (t.kind === 'num') return { kind: 'num', value: Number(t.text), span: { start: t.start, end: t.end } };
    if (t.kind === 'name') return { kind: 'name', name: t.text, span: { start: t.start, end: t.end } };
    if (t.kind === 'unknown') return { kind: 'const', value: null, span: { start: t.start, end: t.end } };
    if (t.text === '(') {
      const inner = sum();
      if (!inner || tokens[i]?.text !== ')') return null;
      i++;
      return inner;
    }
    return null;
  };
  const product = (): Expr | null => {
    let left = atom();
    while (left && tokens[i]?.text === '*') {
      i++;
      const right = atom();
      if (!right) return null;
      left = { kind: 'call', op: 'mul', args: [left, right], kwargs: {}, span: spanOf(left, right), callee: '*' };
    }
    return left;
  };
  const sum = (): Expr | null => {
    let left = product();
    while (left && (tokens[i]?.text === '+' || tokens[i]?.text === '-')) {
      const op = tokens[i].text === '+' ? 'add' : 'sub';
      const callee = tokens[i].text;
      i++;
      const right = product();
      if (!right) return null;
      left = { kind: 'call', op, args: [left, right], kwargs: {}, span: spanOf(left, right), callee };
    }
    return left;
  };
  const result = sum();
  return result && i === tokens.length ? result : null;
}

function tokenizeDim(source: string, at: number): DimToken[] | null {
  const tokens: DimToken[] = [];
  const re = /\s*(?:(\d+)|([A-Za-z_]\w*)|(\?)|([*+\-()]))/y;
  let pos = 0;
  while (pos < source.length) {
    if (/^\s*$/.test(source.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(source);
    if (!m) return null;
    const text = m[1] ?? m[2] ?? m[3] ?? m[4];
    const start = at + m.index + m[0].length - text.length;
    const end = start + text.length;
    if (m[1] !== undefined) tokens.push({ kind: 'num', text, start, end });
    else if (m[2] !== undefined) tokens.push({ kind: text === 'None' || text === '_' ? 'unknown' : 'name', text, start, end });
    else if (m[3] !== undefined) tokens.push({ kind: 'unknown', text, start, end });
    else tokens.push({ kind: 'op', text, start, end });
    pos = m.index + m[0].length;
  }
  return tokens;
}
