import { problem, type Problem } from '../../ir/problem';
import type { Span } from '../../ir/span';
import type { PyNode } from './tree';

/**
 * Half-typed code is the normal case in an editor, and tree-sitter's recovery from it is
 * poor for our purpose: after `x = np.dot(a,` it swallows every following line into one
 * broken statement, and it reads `x =` followed by `y = 3` as `x = y = 3` without an error.
 * So before parsing, one cheap scan finds logical lines that are cut off (an unclosed bracket
 * followed by a line that starts a new statement, a trailing operator, a stray closer),
 * reports each once, and blanks it (keeping offsets and newlines, leaving `...` so a block
 * that only held it stays valid). Everything else is left to tree-sitter.
 */
export interface Repaired {
  text: string;
  problems: Problem[];
  /**
   * Offsets, ascending, where a top-level statement starts that nothing before it continues
   * (not `else`/`elif`/`except`/`finally`, not the definition under a decorator), at least
   * PIECE_CHARS apart: the text may be parsed as separate pieces cut there.
   */
  cuts: number[];
  /**
   * Ranges of blanked text, ascending, that the parser need not read at all (each long
   * blanked statement but its filler): scanning 100,000 blanks costs tree-sitter more than
   * parsing the 1,000 lines around them.
   */
  skips: { start: number; end: number }[];
}

/** A blanked statement at least this long is kept from the parser, not only blanked. */
const SKIP_CHARS = 1_000;

/** What a blanked statement leaves, so that a block that only held it stays valid. */
const FILLER = '...';

/**
 * Parsed whole, a 10,000-line file costs tree-sitter 13% more per line than a 1,000-line one
 * (its tree outgrows the caches); pieces of about this many characters (200 lines) cost the
 * same per line at any length. Short files are cut too: a warm 1,000-line analysis takes
 * 17.8 ms in pieces and 18.5 ms whole, though the first, cold one takes 4% longer.
 */
export const PIECE_CHARS = 8_000;

/** Words that start a clause continuing the compound statement before them. */
const CONTINUING_CLAUSES = new Set(['else', 'elif', 'except', 'finally']);

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const OPERATOR_CHARS = new Set(['+', '-', '*', '/', '%', '@', '&', '|', '^', '~', '<', '>', '=', '!', ':', '.', ';', ',']);
const SINGLE_CHAR_OPERATORS = new Set(['.', ',', ';']);
/** Keywords that cannot end a statement. */
const DANGLING_WORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'lambda', 'import', 'from', 'as', 'del', 'assert', 'raise', 'with', 'for', 'while', 'elif', 'def', 'class']);
const STATEMENT_KEYWORD = /^(def|class|return|import|from|with|while|try|except|finally|raise|assert|del|pass|break|continue|global|nonlocal)\b/;
const COMPOUND_HEADER = /^(for|if|elif|else)\b[^#]*:\s*(#.*)?$/;
/** Statements whose header must end in `:` before their body. */
const COMPOUND_KEYWORDS = new Set(['def', 'class', 'if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'async']);
const ASSIGNMENT_START = /^[A-Za-z_][\w.]*(\[[^\]]*\])?\s*(,\s*[A-Za-z_][\w.]*\s*)*(\*\*|\/\/|[-+*/@%&|^])?=(?!=)/;

/**
 * Longer statements (generated data, a 20,000-term sum on one line) are blanked before
 * parsing: reading them costs more than the rest of the file, and says nothing about shapes.
 */
export const MAX_STATEMENT_CHARS = 20_000;

const enum Kind {
  None,
  Word,
  Op,
  Value,
}

export function repairIncompleteLines(text: string): Repaired {
  const problems: Problem[] = [];
  const blanks: { start: number; end: number }[] = [];
  const n = text.length;
  /** Offsets of the open brackets of the current logical line. */
  const stack: number[] = [];
  let stmtStart = -1;
  let stmtIndent = 0;
  // The last token of the logical line so far, kept as offsets so the scan allocates nothing.
  let lastKind = Kind.None;
  let lastStart = 0;
  let lastEnd = 0;
  /** A `:` outside brackets: the end of a compound statement's header. */
  let headerColon = false;
  let bad = false;
  let continued = false;
  const cuts: number[] = [];
  let lastCut = 0;
  /** The last top-level logical line was a decorator: the next one belongs with it. */
  let decorated = false;

  /** The logical line so far; made only for a line with a problem. */
  const span = () => ({ start: stmtStart, end: lastEnd });
  const endLogicalLine = () => {
    if (stmtStart >= 0 && lastKind !== Kind.None) {
      // The last token is read only when it may dangle: this runs on every line.
      const last = lastKind === Kind.Word || lastKind === Kind.Op ? text.slice(lastStart, lastEnd) : '';
      if (lastEnd - stmtStart > MAX_STATEMENT_CHARS && !bad) {
        problems.push(problem('too-large', 'warning', span(), `This statement is ${(lastEnd - stmtStart).toLocaleString('en-US')} characters long, longer than Grad Lens reads (${MAX_STATEMENT_CHARS.toLocaleString('en-US')}); it is skipped`));
        blanks.push(span());
      } else if (stack.length > 0) {
        problems.push(problem('syntax-error', 'error', span(), `syntax error: missing \`${OPEN[text[stack[stack.length - 1]]]}\``));
        blanks.push(span());
      } else if (isDangling(lastKind, last) && !(last === '*' && text.startsWith('from', stmtStart))) {
        problems.push(problem('syntax-error', 'error', span(), `syntax error: missing expression after \`${last}\``));
        blanks.push(span());
      } else if (bad) {
        blanks.push(span());
      } else if (!headerColon && COMPOUND_KEYWORDS.has(leadingWord(text, stmtStart))) {
        // Without its header the body still parses, as plain statements.
        problems.push(problem('syntax-error', 'error', span(), 'syntax error: missing `:`'));
        blanks.push(span());
      }
    }
    stack.length = 0;
    stmtStart = -1;
    lastKind = Kind.None;
    headerColon = false;
    bad = false;
  };
  const token = (kind: Kind, start: number, end: number) => {
    lastKind = kind;
    lastStart = start;
    lastEnd = end;
  };

  let i = 0;
  let lineStart = true;
  while (i < n) {
    if (lineStart) {
      lineStart = false;
      let j = i;
      while (j < n && isIndent(text.charCodeAt(j))) j++;
      const c = text.charCodeAt(j);
      const blankLine = j >= n || c === 10 || c === 13 || c === 35; /* # */
      if (!blankLine) {
        if (stack.length > 0 && !continued && j - i <= stmtIndent && !isCloser(c) && startsStatement(text, j)) endLogicalLine();
        if (stmtStart < 0) {
          stmtStart = j;
          stmtIndent = j - i;
          if (stmtIndent === 0) {
            if (!decorated && j - lastCut >= PIECE_CHARS && !CONTINUING_CLAUSES.has(leadingWord(text, j))) cuts.push((lastCut = j));
            decorated = c === 64; /* @ */
          }
        }
      }
      continued = false;
      i = j;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (stack.length === 0 && !continued) endLogicalLine();
      lineStart = true;
      i++;
    } else if (c === 32 || c === 9 || c === 13 || c === 12) {
      i++;
    } else if (c === 35 /* # */) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
    } else if (c === 92 /* \ */ && (text.charCodeAt(i + 1) === 10 || (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10))) {
      continued = true;
      i += text.charCodeAt(i + 1) === 10 ? 1 : 2;
    } else if (c === 34 || c === 39 /* quotes */) {
      const start = i;
      i = skipString(text, i);
      token(Kind.Value, start, i);
    } else if (c === 40 || c === 91 || c === 123 /* ( [ { */) {
      stack.push(i);
      token(Kind.Op, i, ++i);
    } else if (isCloser(c)) {
      const top = stack.pop();
      if (top === undefined || OPEN[text[top]] !== text[i]) {
        problems.push(problem('syntax-error', 'error', { start: i, end: i + 1 }, `syntax error: unexpected \`${text[i]}\``));
        bad = true;
        if (top !== undefined) stack.push(top);
      }
      token(Kind.Value, i, ++i);
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const start = i;
      i = skipNumber(text, i);
      token(Kind.Value, start, i);
    } else if (c === 46 && text.charCodeAt(i + 1) === 46 && text.charCodeAt(i + 2) === 46) {
      token(Kind.Value, i, (i += 3));
    } else if (OPERATOR_CHARS.has(text[i])) {
      const start = i;
      if (SINGLE_CHAR_OPERATORS.has(text[i])) i++;
      else while (i < n && OPERATOR_CHARS.has(text[i]) && !SINGLE_CHAR_OPERATORS.has(text[i])) i++;
      token(Kind.Op, start, i);
      if (stack.length === 0 && i - start === 1 && c === 58 /* : */) headerColon = true;
    } else {
      // Identifiers, keywords and anything else up to the next delimiter.
      const start = i;
      while (i < n && isWordChar(text.charCodeAt(i))) i++;
      if (i === start) i++;
      token(Kind.Word, start, i);
    }
  }
  endLogicalLine();
  const skips = blanks.filter((r) => r.end - r.start >= SKIP_CHARS).map((r) => ({ start: r.start + FILLER.length, end: r.end }));
  return { text: blanks.length ? blank(text, blanks) : text, problems, cuts, skips };
}

/**
 * repairIncompleteLines for each piece on its own: what is cut off at the end of one piece
 * is reported there and cannot swallow the next. Every piece start becomes a cut, so each
 * is parsed on its own too.
 */
export function repairEach(text: string, pieces: readonly number[]): Repaired {
  const texts: string[] = [];
  const problems: Problem[] = [];
  const cuts: number[] = [];
  const skips: { start: number; end: number }[] = [];
  pieces.forEach((start, k) => {
    const end = k + 1 < pieces.length ? pieces[k + 1] : text.length;
    const piece = repairIncompleteLines(text.slice(start, end));
    texts.push(piece.text);
    for (const p of piece.problems) problems.push({ ...p, span: { start: p.span.start + start, end: p.span.end + start } });
    if (start > 0) cuts.push(start);
    for (const cut of piece.cuts) cuts.push(cut + start);
    for (const skip of piece.skips) skips.push({ start: skip.start + start, end: skip.end + start });
  });
  return { text: texts.join(''), problems, cuts, skips };
}

function isDangling(kind: Kind, token: string): boolean {
  if (kind === Kind.Word) return DANGLING_WORDS.has(token);
  if (kind !== Kind.Op) return false;
  return token !== ':' && token !== ',' && token !== ';' && !token.endsWith(':');
}

/** The word (up to 10 characters: longer than any keyword) that starts at `start`; checked on every line, so no regex. */
function leadingWord(text: string, start: number): string {
  let end = start;
  const limit = Math.min(text.length, start + 10);
  while (end < limit && text.charCodeAt(end) <= 127 && isWordChar(text.charCodeAt(end))) end++;
  return text.slice(start, end);
}

function isIndent(c: number): boolean {
  return c === 32 || c === 9 || c === 12;
}

function isCloser(c: number): boolean {
  return c === 41 || c === 93 || c === 125;
}

/** A line that, at the indentation of the open statement or less, must be a new statement. */
function startsStatement(text: string, at: number): boolean {
  let end = text.indexOf('\n', at);
  if (end < 0) end = text.length;
  const line = text.slice(at, end);
  return STATEMENT_KEYWORD.test(line) || COMPOUND_HEADER.test(line) || /^@\w/.test(line) || ASSIGNMENT_START.test(line);
}

function skipString(text: string, i: number): number {
  const q = text[i];
  const triple = text[i + 1] === q && text[i + 2] === q;
  if (triple) {
    const close = text.indexOf(q + q + q, i + 3);
    // An unclosed triple quote runs to the end; tree-sitter reports it.
    return close < 0 ? text.length : close + 3;
  }
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === q) return j + 1;
    if (c === '\n') return j;
    j++;
  }
  return j;
}

function skipNumber(text: string, i: number): number {
  const hex = text.charCodeAt(i) === 48 && (text.charCodeAt(i + 1) | 32) === 120; /* 0x */
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (isDigit(c) || c === 46 || c === 95 || ((c | 32) >= 97 && (c | 32) <= 122)) j++;
    else if ((c === 43 || c === 45) && (text.charCodeAt(j - 1) | 32) === 101 && !hex) j++; /* 1e-3 */
    else break;
  }
  return j;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code > 127;
}

/** Replaces each range by `...` (or `0` when shorter) and spaces, keeping line breaks and UTF-16 offsets. */
function blank(text: string, ranges: { start: number; end: number }[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const r of ranges) {
    parts.push(text.slice(at, r.start));
    const filler = r.end - r.start >= FILLER.length ? FILLER : '0';
    // A run at a time, not a character at a time: the ranges are the longest statements (100,000 characters).
    parts.push(filler + text.slice(r.start + filler.length, r.end).replace(/[^\r\n]+/g, (run) => ' '.repeat(run.length)));
    at = r.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** One problem per ERROR node and per MISSING node tree-sitter reported, in the original text's terms. */
export function treeSyntaxProblems(errors: PyNode[], text: string): Problem[] {
  return errors.map((node) => {
    if (node.missing) {
      const what = node.named ? node.type.replace(/_/g, ' ') : `\`${node.type}\``;
      return problem('syntax-error', 'error', { start: node.start, end: node.end }, `syntax error: missing ${what}`);
    }
    const lineEnd = text.indexOf('\n', node.start);
    const end = lineEnd >= 0 && lineEnd < node.end ? lineEnd : node.end;
    return problem('syntax-error', 'error', { start: node.start, end: Math.max(end, node.start) }, `syntax error: unexpected \`${firstToken(node, text)}\``);
  });
}

function firstToken(node: PyNode, text: string): string {
  let n = node;
  while (n.children.length > 0) n = n.children[0];
  const token = n.start >= 0 ? text.slice(n.start, n.end) : n.type;
  const line = token.split('\n')[0].trim();
  return line.length > 20 ? `${line.slice(0, 20)}…` : line || n.type;
}

/** The problems that do not overlap any of `covered`; both in document order, so one pass. */
export function withoutCovered(problems: Problem[], covered: Span[]): Problem[] {
  const spans = [...covered].sort((a, b) => a.start - b.start);
  const out: Problem[] = [];
  let k = 0;
  for (const p of problems) {
    const end = Math.max(p.span.end, p.span.start + 1);
    while (k < spans.length && spans[k].end <= p.span.start) k++;
    if (k < spans.length && spans[k].start < end) continue;
    out.push(p);
  }
  return out;
}
