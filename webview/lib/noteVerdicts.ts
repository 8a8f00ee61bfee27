/**
 * The check's verdicts on the lines of a note's derivation. The check reports each verdict
 * at the span of the line it judged, the note view lists the same lines with their spans:
 * a verdict belongs to the line it overlaps. Verdicts of another document, or of an earlier
 * version of this one, are about text that is no longer there and are not shown.
 */
import type { CheckPayload, GradientCheck, NotePayload, SourceRange } from '../../src/protocol/messages';

export interface NoteVerdicts {
  /** One per line of note.derivation, null where the check said nothing. */
  lines: (GradientCheck | null)[];
  /** 'none': no check of this note yet; 'stale': the note changed since its check. */
  state: 'checked' | 'none' | 'stale';
}

const before = (a: { line: number; column: number }, b: { line: number; column: number }) => a.line < b.line || (a.line === b.line && a.column < b.column);

export function rangesOverlap(a: SourceRange, b: SourceRange): boolean {
  if (a.cell !== b.cell) return false;
  const aEnd = { line: a.endLine, column: a.endColumn };
  const bEnd = { line: b.endLine, column: b.endColumn };
  return before(a, bEnd) && before(b, aEnd);
}

export function noteVerdicts(note: NotePayload, check: CheckPayload | null): NoteVerdicts {
  const none = note.derivation.map(() => null);
  if (!check || check.document?.uri !== note.document.uri) return { lines: none, state: 'none' };
  if (check.document.version !== note.document.version) return { lines: none, state: 'stale' };
  const lines = note.derivation.map((line) => check.gradients.find((g) => g.range !== null && rangesOverlap(g.range, line.range)) ?? null);
  return { lines, state: 'checked' };
}
