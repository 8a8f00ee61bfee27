import type { Span } from './span';

/** Doubles as vscode.Diagnostic.code so code actions can find their own diagnostics. */
export type ProblemCode =
  | 'syntax-error'
  | 'shape-mismatch'
  | 'linear-input-mismatch'
  | 'reshape-size'
  | 'batch-changed'
  | 'suspicious-broadcast'
  /** Shapes that fit only for some values of their symbols (`C` a multiple of 4). */
  | 'shape-condition'
  | 'symbol-conflict'
  | 'undefined-name'
  | 'unsupported-op'
  /** A method two libraries define differently (`x.repeat`), on an array whose library the code does not say. */
  | 'ambiguous-method'
  | 'cyclic-definition'
  /** `B = C·B` read as a where clause: the B used elsewhere is C times the declared B. */
  | 'self-definition'
  | 'unknown-shape'
  | 'too-large'
  | 'loop-bound'
  | 'too-deep'
  | 'internal-error'
  /** The check could not run the code at its test values (a reshape that does not fit a defaulted size, ...). */
  | 'not-evaluable'
  | 'no-loss'
  /** A loss, and no hand-written gradient of anything it depends on. */
  | 'no-gradients'
  | 'grad-correct'
  | 'grad-mismatch'
  | 'grad-unchecked'
  | 'grad-shape-error'
  | 'non-finite'
  | 'reduced-size';

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  span: Span;
  newText: string;
}

/** A suggested fix: one undoable edit set, offered as a quick fix in the editor. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface RelatedInfo {
  span: Span;
  message: string;
}

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  span: Span;
  message: string;
  related: RelatedInfo[];
  fixes?: Fix[];
}

export function problem(
  code: ProblemCode,
  severity: Severity,
  span: Span,
  message: string,
  related: RelatedInfo[] = [],
  fixes?: Fix[],
): Problem {
  return fixes && fixes.length ? { code, severity, span, message, related, fixes } : { code, severity, span, message, related };
}
