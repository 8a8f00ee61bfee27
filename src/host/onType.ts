import * as vscode from 'vscode';
import type { Analyzer } from './analyzer';
import { CONFIG_SECTION, readConfig } from './config';
import { Debouncer } from './debounce';
import { isOnTypeLanguage } from './languages';
import { guard, type Log } from './log';
import { isCellDocument } from './notebook/cells';

/**
 * Keeps Python and Markdown documents analyzed while they are edited: debounced per
 * document after each change, and at once when a document first shows in an editor.
 */
export class OnType implements vscode.Disposable {
  private readonly pending = new Debouncer();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly analyzer: Analyzer,
    log: Log,
  ) {
    const shown = guard(log, 'analyze on open', (editors: readonly vscode.TextEditor[]) => this.shown(editors));
    this.disposables = [
      vscode.workspace.onDidChangeTextDocument(guard(log, 'analyze on type', (e) => this.changed(e))),
      vscode.window.onDidChangeVisibleTextEditors(shown),
      vscode.workspace.onDidCloseTextDocument(guard(log, 'closing a document', (doc) => this.cancel(doc))),
      vscode.workspace.onDidChangeConfiguration(guard(log, 'settings change', (e) => this.settingsChanged(e))),
    ];
    void shown(vscode.window.visibleTextEditors); // what was open before activation
  }

  dispose(): void {
    this.pending.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private applies(doc: vscode.TextDocument): boolean {
    // Output channels are documents too (scheme 'output'); only real files and new buffers count.
    // A notebook's cells are analysed together, as the notebook (NotebookOnType).
    return isOnTypeLanguage(doc.languageId) && doc.uri.scheme !== 'output' && !isCellDocument(doc) && readConfig(doc.uri).analyzeOnType;
  }

  private changed(e: vscode.TextDocumentChangeEvent): void {
    const doc = e.document;
    if (e.contentChanges.length === 0 || !this.applies(doc)) return;
    this.analyzer.supersede(doc);
    this.pending.schedule(doc.uri.toString(), readConfig(doc.uri).debounceMs, () => void this.analyzer.analyze(doc, 'type'));
  }

  private shown(editors: readonly vscode.TextEditor[]): void {
    for (const { document: doc } of editors) {
      if (this.applies(doc) && !this.analyzer.current(doc) && !this.analyzer.isRunning(doc)) {
        void this.analyzer.analyze(doc, 'open');
      }
    }
  }

  /** New dims change every shape: refresh what is on screen. */
  private settingsChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(CONFIG_SECTION)) return;
    for (const { document: doc } of vscode.window.visibleTextEditors) {
      if (this.applies(doc)) void this.analyzer.analyze(doc, 'settings');
    }
  }

  private cancel(doc: vscode.TextDocument): void {
    this.pending.cancel(doc.uri.toString());
  }
}
