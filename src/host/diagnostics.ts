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

/** Problem → Diagnostic; `code` is the ProblemCode so code actions can recognise their own. */
export function toDiagnostic(problem: Pick<Problem, 'code' | 'severity' | 'span' | 'message' | 'related'>, uri: vscode.Uri, toRange: ToRange): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(problem.span), problem.message, SEVERITY[problem.severity]);
  diagnostic.code = problem.code;
  diagnostic.source = DIAGNOSTIC_SOURCE;
  if (problem.related.length > 0) {
    diagnostic.relatedInformation = problem.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(r.span)), r.message),
    );
  }
  return diagnostic;
}

/** Diagnostics come back to code-action providers as copies, so match on what identifies them. */
export function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return a.code === b.code && a.message === b.message && a.range.isEqual(b.range);
}
