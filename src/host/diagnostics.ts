import * as vscode from 'vscode';
import type { Problem, Severity, Span } from '../core/index';

export const DIAGNOSTIC_SOURCE = 'Grad Lens';

/** Turns offsets into the analyzed text into an editor range. */
export type ToRange = (span: Span) => vscode.Range;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

type PlainProblem = Pick<Problem, 'code' | 'severity' | 'span' | 'message' | 'related'>;

/** Problem → Diagnostic; `code` is the ProblemCode so code actions can recognise their own. */
export function toDiagnostic(problem: PlainProblem, uri: vscode.Uri, toRange: ToRange): vscode.Diagnostic {
  return toLocatedDiagnostic(problem, toRange(problem.span), (span) => new vscode.Location(uri, toRange(span)));
}

/**
 * As toDiagnostic, for spans that may lie in other documents (a notebook's cells): the
 * problem's own range, and where each related span is (left out when it is nowhere).
 */
export function toLocatedDiagnostic(problem: PlainProblem, range: vscode.Range, locate: (span: Span) => vscode.Location | undefined): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(range, problem.message, SEVERITY[problem.severity]);
  diagnostic.code = problem.code;
  diagnostic.source = DIAGNOSTIC_SOURCE;
  if (problem.related.length > 0) {
    diagnostic.relatedInformation = problem.related.flatMap((r) => {
      const at = locate(r.span);
      return at ? [new vscode.DiagnosticRelatedInformation(at, r.message)] : [];
    });
  }
  return diagnostic;
}

/** Diagnostics come back to code-action providers as copies, so match on what identifies them. */
export function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return a.code === b.code && a.message === b.message && a.range.isEqual(b.range);
}
