import { isCellLineIndex } from '../../core/ir/cells';
import type { LineIndex, Span } from '../../core/ir/span';
import type { SourceRange } from '../../protocol/messages';

/** A span as the panel shows it: lines of the file, or in a notebook the cell and the lines within it. */
export function toRange(lines: LineIndex, span: Span): SourceRange {
  if (isCellLineIndex(lines)) return lines.cellRange(span);
  const a = lines.position(span.start);
  const b = lines.position(Math.max(span.start, span.end));
  return { cell: null, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}
