import * as vscode from 'vscode';
import type { Analyzer } from './analyzer';
import { CommandId } from './commandIds';
import { isAnalyzedLanguage } from './languages';
import { guard, type Log } from './log';
import type { NotebookAnalyzer } from './notebook/analyzer';
import { cellOf } from './notebook/cells';

/** "$(symbol-array) Grad Lens: 7 layers, 2 problems" for the active editor; a click analyzes. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gradLens.status', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly analyzer: Analyzer,
    private readonly notebooks: NotebookAnalyzer,
    log: Log,
  ) {
    this.item.name = 'Grad Lens';
    this.item.command = CommandId.analyzeSelection;
    const update = guard(log, 'status bar', () => this.update());
    this.disposables = [
      this.item,
      vscode.window.onDidChangeActiveTextEditor(update),
      analyzer.onDidAnalyze((doc) => {
        if (doc === vscode.window.activeTextEditor?.document) void update();
      }),
      notebooks.onDidAnalyze((notebook) => {
        const active = vscode.window.activeTextEditor?.document;
        if (active && cellOf(active)?.notebook === notebook) void update();
      }),
    ];
    void update();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const cell = doc && cellOf(doc);
    const inNotebook = cell && this.notebooks.latest(cell.notebook);
    const result = doc && !cell ? this.analyzer.latest(doc) : undefined;
    if (inNotebook) {
      this.item.text = `$(symbol-array) Grad Lens: ${plural(inNotebook.layers, 'layer')}, ${plural(inNotebook.problems, 'problem')}`;
      this.item.tooltip = `The notebook's cells, analysed as one program; the last analysis took ${inNotebook.ms.toFixed(0)} ms. Click to analyze again.`;
    } else if (result) {
      const layers = result.analysis?.layers.length ?? 0;
      this.item.text = `$(symbol-array) Grad Lens: ${plural(layers, 'layer')}, ${plural(result.entries.length, 'problem')}`;
      this.item.tooltip = `Last analysis took ${result.ms.toFixed(0)} ms. Click to analyze the selection again.`;
    } else if (doc && isAnalyzedLanguage(doc.languageId)) {
      this.item.text = '$(symbol-array) Grad Lens';
      this.item.tooltip = 'Click to analyze the selection (or the whole file).';
    } else {
      this.item.hide();
      return;
    }
    this.item.show();
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
