import * as vscode from 'vscode';
import { CONFIG_SECTION, readConfig } from '../config';
import { Debouncer } from '../debounce';
import { guard, type Log } from '../log';
import type { NotebookAnalyzer } from './analyzer';
import { cellOf, JUPYTER_NOTEBOOK } from './cells';

/**
 * Keeps open Jupyter notebooks analysed: at once when one opens (or was open before
 * activation), and debounced after each edit in any of its cells or of its cell list.
 */
export class NotebookOnType implements vscode.Disposable {
  private readonly pending = new Debouncer();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly analyzer: NotebookAnalyzer,
    log: Log,
  ) {
    this.disposables = [
      vscode.workspace.onDidOpenNotebookDocument(guard(log, 'analyze a notebook on open', (nb) => this.opened(nb))),
      vscode.workspace.onDidChangeNotebookDocument(
        guard(log, 'analyze a notebook on type', (e: vscode.NotebookDocumentChangeEvent) => {
          if (e.contentChanges.length > 0 || e.cellChanges.some((c) => c.document !== undefined)) this.changed(e.notebook);
        }),
      ),
      // Typing in a cell may be reported by both events; the timer merges them into one analysis.
      vscode.workspace.onDidChangeTextDocument(
        guard(log, 'analyze a notebook on type', (e: vscode.TextDocumentChangeEvent) => {
          if (e.contentChanges.length === 0) return;
          const cell = cellOf(e.document);
          if (cell) this.changed(cell.notebook);
        }),
      ),
      vscode.workspace.onDidCloseNotebookDocument(guard(log, 'closing a notebook', (nb) => this.cancel(nb))),
      vscode.workspace.onDidChangeConfiguration(
        guard(log, 'settings change', (e: vscode.ConfigurationChangeEvent) => {
          if (!e.affectsConfiguration(CONFIG_SECTION)) return;
          for (const nb of vscode.workspace.notebookDocuments) if (this.applies(nb)) void this.analyzer.analyze(nb, 'settings');
        }),
      ),
    ];
    for (const nb of vscode.workspace.notebookDocuments) this.opened(nb);
  }

  dispose(): void {
    this.pending.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private applies(notebook: vscode.NotebookDocument): boolean {
    return notebook.notebookType === JUPYTER_NOTEBOOK && readConfig(notebook.uri).analyzeOnType;
  }

  private opened(notebook: vscode.NotebookDocument): void {
    if (this.applies(notebook) && !this.analyzer.current(notebook) && !this.analyzer.isRunning(notebook)) void this.analyzer.analyze(notebook, 'open');
  }

  private changed(notebook: vscode.NotebookDocument): void {
    if (!this.applies(notebook)) return;
    this.analyzer.supersede(notebook);
    this.pending.schedule(notebook.uri.toString(), readConfig(notebook.uri).debounceMs, () => void this.analyzer.analyze(notebook, 'type'));
  }

  private cancel(notebook: vscode.NotebookDocument): void {
    this.pending.cancel(notebook.uri.toString());
  }
}
