/**
 * Where the math is in a Markdown / LaTeX / plain-text note. Each segment is one
 * candidate statement: a plain line, an inline `$…$` or `` `…` `` span, or one line of a
 * display block (`$$…$$`, `\[…\]`, `\begin{align}…\end{align}`), where lines are
 * separated by `\\` or `\cr`. Fenced code is skipped unless its language is empty or math.
 * Whether a segment really is a statement is decided later; here we only cut.
 */

export interface Segment {
  start: number;
  end: number;
  /** LaTeX rules apply (inside `$`, display blocks, or a line that uses backslash commands). */
  latex: boolean;
}

export interface Line {
  start: number;
  end: number;
}

export interface Blocks {
  segments: Segment[];
  /** Lines outside code fences, for prose patterns that span several `$…$` pieces. */
  lines: Line[];
}

const MATH_FENCES = new Set(['', 'math', 'latex', 'tex', 'katex', 'text', 'txt']);
const MATH_ENVIRONMENTS = new Set([
  'align', 'align*', 'aligned', 'equation', 'equation*', 'gather', 'gather*', 'gathered', 'multline', 'multline*', 'eqnarray', 'eqnarray*', 'split',
]);

interface Display {
  closer: string;
  start: number;
}

export function findBlocks(text: string): Blocks {
  const segments: Segment[] = [];
  const lines: Line[] = [];
  let fence: { marker: string; math: boolean } | null = null;
  let display: Display | null = null;

  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const next = lineEnd + 1;
    const end = lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;

    if (fence) {
      if (isFenceClose(text, lineStart, end, fence.marker)) fence = null;
      else if (fence.math) pushPlain(text, lineStart, end, segments);
    } else if (display) {
      lines.push({ start: lineStart, end });
      display = scanLine(text, lineStart, end, display, segments);
    } else {
      const open = fenceOpen(text, lineStart, end);
      if (open) {
        fence = open;
      } else if (!isProseOnly(text, lineStart, end)) {
        lines.push({ start: lineStart, end });
        display = scanLine(text, lineStart, end, null, segments);
      }
    }
    if (lineEnd >= text.length) break;
    lineStart = next;
  }
  if (display) pushDisplay(text, display.start, text.length, segments);
  return { segments, lines };
}

/** Headings and tables: prose and layout, never statements. */
function isProseOnly(text: string, start: number, end: number): boolean {
  const i = skipBlank(text, start, end);
  return text[i] === '#' || text[i] === '|';
}

function fenceOpen(text: string, start: number, end: number): { marker: string; math: boolean } | null {
  const i = skipBlank(text, start, end);
  if (i - start > 3) return null;
  const c = text[i];
  if (c !== '`' && c !== '~') return null;
  let j = i;
  while (j < end && text[j] === c) j++;
  if (j - i < 3) return null;
  const lang = text.slice(j, end).trim().split(/\s+/)[0].toLowerCase();
  return { marker: text.slice(i, j), math: MATH_FENCES.has(lang) };
}

function isFenceClose(text: string, start: number, end: number, marker: string): boolean {
  const i = skipBlank(text, start, end);
  if (!text.startsWith(marker, i)) return false;
  for (let j = i + marker.length; j < end; j++) if (text[j] !== marker[0] && !isBlank(text[j])) return false;
  return true;
}

/** Cuts one line into segments; returns the display block still open at its end, if any. */
function scanLine(text: string, start: number, end: number, open: Display | null, segments: Segment[]): Display | null {
  let pos = start;
  let sawMath = false;
  if (open) {
    const close = text.indexOf(open.closer, pos);
    if (close < 0 || close >= end) return open;
    pushDisplay(text, open.start, close, segments);
    pos = close + open.closer.length;
    sawMath = true;
  }
  while (pos < end) {
    const d = nextDelimiter(text, pos, end);
    if (!d) break;
    sawMath = true;
    if (d.kind === 'inline' || d.kind === 'code') {
      const close = findInlineClose(text, d.contentStart, end, d.closer);
      if (close < 0) {
        pos = d.contentStart;
        continue;
      }
      segments.push({ start: d.contentStart, end: close, latex: d.kind === 'inline' || looksLikeLatex(text.slice(d.contentStart, close)) });
      pos = close + d.closer.length;
      continue;
    }
    // A display block: it may close on this line or a later one.
    const close = text.indexOf(d.closer, d.contentStart);
    if (close < 0 || close >= end) return { closer: d.closer, start: d.contentStart };
    pushDisplay(text, d.contentStart, close, segments);
    pos = close + d.closer.length;
  }
  if (!sawMath) pushPlain(text, start, end, segments);
  return null;
}

interface Delimiter {
  kind: 'inline' | 'code' | 'display';
  contentStart: number;
  closer: string;
}

function nextDelimiter(text: string, pos: number, end: number): Delimiter | null {
  for (let i = pos; i < end; i++) {
    const c = text[i];
    if (c === '\\') {
      if (text.startsWith('\\[', i)) return { kind: 'display', contentStart: i + 2, closer: '\\]' };
      if (text.startsWith('\\begin{', i)) {
        const close = text.indexOf('}', i);
        const env = close > 0 && close < end ? text.slice(i + 7, close) : '';
        // The \begin stays in the content: the tokenizer drops it, and aligned/split nest inside $$.
        if (MATH_ENVIRONMENTS.has(env)) return { kind: 'display', contentStart: i, closer: `\\end{${env}}` };
      }
      i++; // an escaped character, such as \$
      continue;
    }
    if (c === '$') {
      if (text[i + 1] === '$') return { kind: 'display', contentStart: i + 2, closer: '$$' };
      return { kind: 'inline', contentStart: i + 1, closer: '$' };
    }
    if (c === '`') {
      let j = i;
      while (j < end && text[j] === '`') j++;
      return { kind: 'code', contentStart: j, closer: text.slice(i, j) };
    }
  }
  return null;
}

function findInlineClose(text: string, from: number, end: number, closer: string): number {
  for (let i = from; i < end; i++) {
    if (closer === '$' && text[i] === '\\') {
      i++;
      continue;
    }
    if (text.startsWith(closer, i)) return i;
  }
  return -1;
}

/** A plain line, without Markdown's quote and list markers. */
function pushPlain(text: string, start: number, end: number, segments: Segment[]): void {
  let i = skipBlank(text, start, end);
  for (;;) {
    if (text[i] === '>') i = skipBlank(text, i + 1, end);
    else if ((text[i] === '-' || text[i] === '*' || text[i] === '+') && (text[i + 1] === ' ' || text[i + 1] === '\t')) i = skipBlank(text, i + 1, end);
    else {
      let j = i;
      while (j < end && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      if (j > i && (text[j] === '.' || text[j] === ')') && (text[j + 1] === ' ' || text[j + 1] === '\t')) i = skipBlank(text, j + 1, end);
      else break;
    }
  }
  // An HTML comment (`<!-- … -->`) is Markdown's way of saying nothing: not math.
  const comment = text.indexOf('<!--', i);
  let e = comment >= 0 && comment < end ? comment : end;
  while (e > i && isBlank(text[e - 1])) e--;
  if (e > i) segments.push({ start: i, end: e, latex: looksLikeLatex(text.slice(i, e)) });
}

/**
 * One statement per line of a display block. Lines end at `\\`, `\cr` and `\newline`; a
 * newline also ends one unless the statement is visibly unfinished (open brackets, a
 * trailing operator) or the next line continues it (starts with an operator or `&`).
 */
function pushDisplay(text: string, start: number, end: number, segments: Segment[]): void {
  let pieceStart = start;
  let depth = 0;
  const flush = (pieceEnd: number): void => {
    pushTrimmed(text, pieceStart, pieceEnd, segments);
  };
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '\\') {
      const breakLength = text.startsWith('\\\\', i) ? 2 : isCommand(text, i, 'cr') ? 3 : isCommand(text, i, 'newline') ? 8 : 0;
      if (breakLength) {
        flush(i);
        pieceStart = i + breakLength;
        depth = 0;
        i += breakLength - 1;
      } else {
        i++; // \{ and \} are not grouping
      }
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '\n' && depth === 0 && !continues(text, pieceStart, i, end)) {
      flush(i);
      pieceStart = i + 1;
    }
  }
  flush(end);
}

const CONTINUING_ENDS = ['+', '-', '*', '/', '=', ',', '\\cdot', '\\times', '\\odot', '\\bullet'];

function continues(text: string, pieceStart: number, newline: number, end: number): boolean {
  const before = text.slice(pieceStart, newline).trimEnd();
  if (before.trim() === '' || CONTINUING_ENDS.some((s) => before.endsWith(s))) return true;
  const after = text.slice(newline + 1, Math.min(end, newline + 16)).trimStart();
  return (after !== '' && '+-*/=&·'.includes(after[0])) || after.startsWith('\\cdot') || after.startsWith('\\times');
}

function isCommand(text: string, i: number, name: string): boolean {
  if (!text.startsWith(name, i + 1)) return false;
  const after = text.charCodeAt(i + 1 + name.length);
  return !((after >= 65 && after <= 90) || (after >= 97 && after <= 122));
}

function pushTrimmed(text: string, start: number, end: number, segments: Segment[]): void {
  let s = start;
  let e = end;
  while (s < e && isBlank(text[s])) s++;
  while (e > s && isBlank(text[e - 1])) e--;
  if (e > s) segments.push({ start: s, end: e, latex: true });
}

/** A plain line written in LaTeX: commands, or braced scripts. */
export function looksLikeLatex(s: string): boolean {
  return s.includes('\\') || s.includes('^{') || s.includes('_{');
}

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function skipBlank(text: string, i: number, end: number): number {
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}
