import type { CellLineIndex, LineIndex, Span } from '../../core/index';
import type { SourceRange } from '../../protocol/messages';

/** A span as the panel shows it: lines of the file, or in a notebook the cell and the lines within it. */
export function toRange(lines: LineIndex, span: Span): SourceRange {
  // Asked by what it can do: the host must not load the core's code to tell (see ir/cells.ts).
  if (typeof (lines as Partial<CellLineIndex>).cellRange === 'function') return (lines as CellLineIndex).cellRange(span);
  const a = lines.position(span.start);
  const b = lines.position(Math.max(span.start, span.end));
  return { cell: null, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}
