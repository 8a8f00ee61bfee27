import { LineIndex, type Span } from './span';

/**
 * How a notebook's code cells sit in the one text analysed for them: piece k starts at
 * offset `starts[k]` and is notebook cell `cells[k]` (0-based among all cells, markdown
 * included). Each piece is followed by one newline of its own. Plain data: it travels to
 * the worker with the text.
 */
export interface CellLayout {
  starts: number[];
  cells: number[];
}

/** A position inside one cell: the cell's index among all cells (0-based), 1-based line and column. */
export interface CellPosition {
  cell: number;
  line: number;
  column: number;
}

/** A span as the cell it starts in and 1-based lines and columns within that cell (cut at its end). */
export interface CellRange {
  cell: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A span of the joined text as offsets into one cell's own text. */
export interface CellSpan {
  cell: number;
  start: number;
  end: number;
}

/**
 * A LineIndex over the joined text of a notebook's code cells that also says where an offset
 * is in its cell. `position` stays in joined-text terms (every consumer of spans relies on
 * it); `cellPosition`, `cellSpan` and `lineLabel` speak in cells.
 */
export class CellLineIndex extends LineIndex {
  /** The joined text's 1-based line on which each piece starts. */
  private readonly firstLines: number[];

  constructor(
    text: string,
    readonly layout: CellLayout,
  ) {
    super(text);
    this.firstLines = layout.starts.map((start) => this.lineOf(start));
  }

  /** The piece (index into layout.starts) holding the offset; an offset on a separator belongs to the piece before it. */
  pieceAt(offset: number): number {
    const { starts } = this.layout;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Where a piece's own text ends (before its separator newline). */
  pieceEnd(piece: number): number {
    const next = piece + 1 < this.layout.starts.length ? this.layout.starts[piece + 1] : this.text.length;
    return Math.max(this.layout.starts[piece], next - 1);
  }

  cellPosition(offset: number): CellPosition {
    const piece = this.pieceAt(offset);
    const clamped = Math.min(offset, this.pieceEnd(piece));
    const p = this.position(clamped);
    return { cell: this.layout.cells[piece], line: p.line - this.firstLines[piece] + 1, column: p.column };
  }

  /** Where a span is in its cell: the one conversion every report of a notebook uses. */
  cellRange(span: Span): CellRange {
    const a = this.cellPosition(span.start);
    const end = Math.max(span.start, Math.min(span.end, this.pieceEnd(this.pieceAt(span.start))));
    const b = this.cellPosition(end);
    return { cell: a.cell, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** The span in its cell's own offsets; a span running past its cell is cut at the cell's end. */
  cellSpan(span: Span): CellSpan {
    const piece = this.pieceAt(span.start);
    const base = this.layout.starts[piece];
    const end = this.pieceEnd(piece);
    const start = Math.min(span.start, end);
    return { cell: this.layout.cells[piece], start: start - base, end: Math.max(start, Math.min(span.end, end)) - base };
  }

  /** The joined-text offset of an offset into a cell's own text, or undefined for a cell that is not a code piece. */
  offsetInCell(cell: number, offset: number): number | undefined {
    const piece = this.layout.cells.indexOf(cell);
    if (piece < 0) return undefined;
    const start = this.layout.starts[piece];
    return Math.min(start + Math.max(0, offset), this.pieceEnd(piece));
  }

  /** Cells are counted from 1 here, as people count them and as the editor shows them. */
  override lineLabel(offset: number): string {
    const p = this.cellPosition(offset);
    return `line ${p.line} of cell ${p.cell + 1}`;
  }
}

/**
 * Asked by what it can do, not by its class: the extension's host bundle and the core
 * bundle each hold their own copy of the class.
 */
export function isCellLineIndex(lines: LineIndex): lines is CellLineIndex {
  return typeof (lines as Partial<CellLineIndex>).cellRange === 'function';
}

/** The line index an analysis uses: cell-aware when the text is a notebook's code cells. */
export function lineIndexFor(text: string, layout: CellLayout | undefined): LineIndex {
  return layout ? new CellLineIndex(text, layout) : new LineIndex(text);
}
