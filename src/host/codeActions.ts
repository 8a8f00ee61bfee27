import * as vscode from 'vscode';
import type { Analyzer } from './analyzer';
import { CommandId } from './commandIds';
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

/** Codes of the check's diagnostics: their "Show in panel" opens the check results. */
const CHECK_CODES = new Set(['grad-correct', 'grad-mismatch', 'grad-unchecked', 'grad-shape-error', 'no-loss', 'no-gradients', 'too-large', 'non-finite', 'not-evaluable']);

/**
 * "Show in Grad Lens panel" on every Grad Lens diagnostic (analysis and check alike): one
 * action for all of them under the cursor, never preferred, so a real fix stays first.
 */
export function showInPanel(log: Log): vscode.CodeActionProvider {
  return {
    provideCodeActions: guard(log, 'code actions', (_doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext) => {
      const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
      if (!ours.length) return [];
      const check = ours.some((d) => CHECK_CODES.has(String(d.code)));
      const action = new vscode.CodeAction(check ? 'Show the check results in the Grad Lens panel' : 'Show in the Grad Lens panel', vscode.CodeActionKind.QuickFix);
      action.diagnostics = ours;
      action.isPreferred = false;
      action.command = { command: CommandId.showPanel, title: 'Show in the Grad Lens panel', arguments: [{ section: check ? 'check' : 'layers' }] };
      return [action];
    }),
  };
}
