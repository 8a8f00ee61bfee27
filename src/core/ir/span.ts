/** A half-open range of UTF-16 offsets into the analyzed text. */
export interface Span {
  start: number;
  end: number;
}

/** 1-based line and column, as the CLI contract and users count them. */
export interface Position {
  line: number;
  column: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function spansOverlap(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Converts offsets to 1-based line/column; built once per text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.starts[lo] + 1 };
  }

  /** Offset of the start of a 1-based line (clamped to the text). */
  lineStart(line: number): number {
    if (line <= 1) return 0;
    if (line > this.starts.length) return this.text.length;
    return this.starts[line - 1];
  }

  /** Offset just past the end of a 1-based line, excluding its newline. */
  lineEnd(line: number): number {
    if (line >= this.starts.length) return this.text.length;
    return Math.max(this.starts[line] - 1, this.lineStart(line));
  }

  lineOf(offset: number): number {
    return this.position(offset).line;
  }

  /** Where an offset is, as messages say it: `line 7`. */
  lineLabel(offset: number): string {
    return `line ${this.lineOf(offset)}`;
  }
}

/** Several places as one phrase: `lines 12, 14` in a file, each label in full where they name cells. */
export function joinLineLabels(labels: readonly string[]): string {
  const numbers = labels.map((l) => /^line (\d+)$/.exec(l)?.[1]);
  if (numbers.every((n) => n !== undefined)) return `lines ${[...new Set(numbers.map(Number))].sort((a, b) => a - b).join(', ')}`;
  return [...new Set(labels)].join(', ');
}
