import * as vscode from 'vscode';
import type { Analyzer } from './analyzer';
import { DIAGNOSTIC_SOURCE, sameDiagnostic } from './diagnostics';
import { guard, type Log } from './log';

/** Offers each fix the core attached to a problem as a quick fix on its diagnostic. */
export function quickFixes(analyzer: Analyzer, log: Log): vscode.CodeActionProvider {
  return {
    provideCodeActions: guard(log, 'code actions', (doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext) => {
      // Fix offsets are into the analyzed text: only offer them while it is still the document's text.
      const result = analyzer.current(doc);
      if (!result) return [];
      const actions: vscode.CodeAction[] = [];
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
        const entry = result.entries.find((e) => sameDiagnostic(e.diagnostic, diagnostic));
        entry?.problem.fixes?.forEach((fix, i) => {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.isPreferred = i === 0;
          // One WorkspaceEdit: the whole fix is one undo step.
          action.edit = new vscode.WorkspaceEdit();
          for (const edit of fix.edits) action.edit.replace(doc.uri, result.toRange(edit.span), edit.newText);
          actions.push(action);
        });
      }
      return actions;
    }),
  };
}

export const quickFixMetadata: vscode.CodeActionProviderMetadata = {
  providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
};
