import * as vscode from 'vscode';

export interface RevealRequest {
  uri: vscode.Uri;
  range: vscode.Range;
}

/**
 * What a row click does by default: show the document (in the column where it is
 * already visible, else the first) with the row's code selected and in view.
 */
export async function revealInEditor(request: RevealRequest): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(request.uri);
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === request.uri.toString());
  const range = doc.validateRange(request.range);
  const editor = await vscode.window.showTextDocument(doc, {
    viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
    selection: new vscode.Selection(range.start, range.end),
    preserveFocus: false,
  });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
