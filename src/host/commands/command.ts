import * as vscode from 'vscode';
import type { Analyzer } from '../analyzer';
import type { GradientChecker } from '../checker';
import type { CommandId } from '../commandIds';
import type { Deriver } from '../deriver';
import type { Log } from '../log';
import type { NotebookAnalyzer } from '../notebook/analyzer';
import { cellOf } from '../notebook/cells';
import type { PanelController } from '../panel/index';
import type { PanelSync } from '../panelSync';

/** What a command may use; built once in activate(). */
export interface HostServices {
  analyzer: Analyzer;
  log: Log;
  panel: PanelController;
  /** Keeps the panel on the current document. */
  sync: PanelSync;
  checker: GradientChecker;
  deriver: Deriver;
  notebooks: NotebookAnalyzer;
}

export interface HostCommand {
  id: CommandId;
  /** `args` are what executeCommand passed (a code action's arguments); validate before use. */
  run(services: HostServices, ...args: unknown[]): unknown;
}

/**
 * The editor a command works on: the active one, or, while the focus is in the panel (no
 * active text editor), the visible editor of the document the panel follows.
 */
export function targetEditor(services: HostServices): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active) return active;
  const doc = services.sync.document;
  return doc ? vscode.window.visibleTextEditors.find((e) => e.document === doc) : undefined;
}

/**
 * The notebook a command works on: the one of the cell a menu passed (the cell's context
 * menu), of the active cell editor, or, with no active text editor, the active notebook
 * editor's (its toolbar) or the one the panel follows (the focus is in the panel).
 */
export function targetNotebook(services: HostServices, args: readonly unknown[]): vscode.NotebookDocument | undefined {
  for (const arg of args) {
    if (typeof arg !== 'object' || arg === null) continue;
    if ('notebook' in arg && 'document' in arg) return (arg as vscode.NotebookCell).notebook;
    const uri = arg instanceof vscode.Uri ? arg : (arg as { notebookEditor?: { notebookUri?: unknown } }).notebookEditor?.notebookUri;
    const open = uri instanceof vscode.Uri ? vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === uri.toString()) : undefined;
    if (open) return open;
  }
  const active = vscode.window.activeTextEditor;
  if (active) return cellOf(active.document)?.notebook;
  const followed = services.sync.subject;
  return vscode.window.activeNotebookEditor?.notebook ?? (followed?.kind === 'notebook' ? followed.notebook : undefined);
}
