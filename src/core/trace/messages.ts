import type { Fix, RelatedInfo } from '../ir/problem';
import type { Language } from '../ir/program';
import type { LineIndex, Span } from '../ir/span';
import { formatShape } from '../shapes/dim';
import type { TensorValue } from './values';

const MAX_LABEL = 40;

/** `W_fc1 is (1024, 1568) (line 18)` — the operand, its shape and where it was made. */
export function describeOperand(t: TensorValue, lines: LineIndex, at?: Span): string {
  const label = t.origin.label.length > MAX_LABEL ? `${t.origin.label.slice(0, MAX_LABEL - 1)}…` : t.origin.label;
  const line = lines.lineOf(t.origin.span.start);
  // A sub-expression of the same line needs no line number; a variable always gets one.
  const where = !t.origin.named && at && lines.lineOf(at.start) === line ? '' : ` (${lines.lineLabel(t.origin.span.start)})`;
  return `${label} is ${formatShape(t.shape)}${where}`;
}

/** Points at the definitions of the operands that live somewhere else than the problem. */
export function operandRelated(operands: TensorValue[], at: Span, lines: LineIndex): RelatedInfo[] {
  const atLine = lines.lineOf(at.start);
  return operands
    .filter((t) => t.origin.named && lines.lineOf(t.origin.span.start) !== atLine)
    .map((t) => ({ span: t.origin.span, message: `${t.origin.label} is ${formatShape(t.shape)}, defined here` }));
}

/** The edit that transposes an operand in the notation of the source. */
export function transposeFix(operandSpan: Span, text: string, language: Language, label: string): Fix {
  const source = text.slice(operandSpan.start, operandSpan.end);
  const simple = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(source);
  const wrapped = simple ? source : `(${source})`;
  const newText = language === 'math' ? `${wrapped}'` : `${wrapped}.T`;
  return { title: `Transpose ${label}: use ${newText}`, edits: [{ span: operandSpan, newText }] };
}
