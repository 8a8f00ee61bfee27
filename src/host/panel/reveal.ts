import * as vscode from 'vscode';

export interface RevealRequest {
  /** The document, or the notebook when `cell` is given. */
  uri: vscode.Uri;
  /** In a notebook: the cell's index; the range is then within the cell. */
  cell: number | null;
  range: vscode.Range;
}

/**
 * What a row click does by default: show the document (in the column where it is
 * already visible, else the first) with the row's code selected and in view; in a
 * notebook, the notebook with the row's cell in view and its code selected.
 */
export async function revealInEditor(request: RevealRequest): Promise<void> {
  if (request.cell !== null) return revealInCell(request.uri, request.cell, request.range);
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

async function revealInCell(uri: vscode.Uri, index: number, within: vscode.Range): Promise<void> {
  const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === uri.toString()) ?? (await vscode.workspace.openNotebookDocument(uri));
  if (index >= notebook.cellCount) return;
  const visible = vscode.window.visibleNotebookEditors.find((e) => e.notebook === notebook);
  const cells = new vscode.NotebookRange(index, index + 1);
  const notebookEditor = await vscode.window.showNotebookDocument(notebook, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selections: [cells], preserveFocus: false });
  notebookEditor.revealRange(cells, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
  // The cell's own editor takes the selection, as a file's would.
  const doc = notebook.cellAt(index).document;
  const range = doc.validateRange(within);
  const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Selection(range.start, range.end), preserveFocus: false });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
