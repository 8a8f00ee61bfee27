import * as vscode from 'vscode';
import type { Analysis, CellLineIndex, ShapeHint } from '../core/index';
import type { Analyzer, DocResult } from './analyzer';
import { CONFIG_SECTION, readConfig } from './config';
import { loadCore } from './core';
import { guard, type Log } from './log';
import type { NotebookAnalyzer } from './notebook/analyzer';
import { cellOf } from './notebook/cells';

/** How long a request for hints waits for the analysis of the version it asks about (typing is debounced). */
const WAIT_FOR_ANALYSIS_MS = 3000;

/**
 * Each assignment's shape at the end of its line, from the analysis the editor already
 * keeps (on open, on type, on command): a request never analyzes. A request for a version
 * not analyzed yet waits for its analysis, so the hints of the last version stay on screen
 * meanwhile instead of blinking out. VS Code's `editor.inlayHints.enabled` hides them all;
 * `gradLens.inlayHints` only these.
 */
export class ShapeInlayHints implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly analyzer: Analyzer,
    private readonly notebooks: NotebookAnalyzer,
    private readonly log: Log,
  ) {
    this.disposables = [
      this.changed,
      analyzer.onDidAnalyze(() => this.changed.fire()),
      notebooks.onDidAnalyze(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration(guard(log, 'inlay hints setting', (e) => (e.affectsConfiguration(`${CONFIG_SECTION}.inlayHints`) ? this.changed.fire() : undefined))),
    ];
    this.guarded = guard(log, 'inlay hints', (doc, range, token) => this.hintsFor(doc, range, token));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private readonly guarded: (doc: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken) => Promise<vscode.InlayHint[] | undefined>;

  provideInlayHints(doc: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[] | undefined> {
    return this.guarded(doc, range, token);
  }

  private async hintsFor(doc: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[]> {
    if (!readConfig(doc.uri).inlayHints) return [];
    const cell = cellOf(doc);
    if (cell) return this.cellHints(doc, cell, range);
    const result = this.analyzer.current(doc) ?? (await this.nextAnalysis(doc, token));
    if (!result?.analysis || token.isCancellationRequested || result.version !== doc.version) return [];
    const { shapeHints } = await loadCore(this.log);
    const analysis = result.analysis;
    const hints: vscode.InlayHint[] = [];
    for (const h of shapeHints(analysis)) {
      const line = h.line - 1;
      if (line < range.start.line || line > range.end.line || line >= doc.lineCount) continue;
      const hint = new vscode.InlayHint(doc.lineAt(line).range.end, h.label, vscode.InlayHintKind.Type);
      hint.paddingLeft = true;
      this.sources.set(hint, { hint: h, analysis });
      hints.push(hint);
    }
    return hints;
  }

  /**
   * A notebook cell's hints, from its notebook's analysis (the cells as one program): the
   * latest one while a newer one runs, whose end asks for the hints again.
   */
  private async cellHints(doc: vscode.TextDocument, cell: { notebook: vscode.NotebookDocument; index: number }, range: vscode.Range): Promise<vscode.InlayHint[]> {
    const result = this.notebooks.current(cell.notebook) ?? this.notebooks.latest(cell.notebook);
    const analysis = result?.code;
    if (!analysis) return [];
    const { shapeHints } = await loadCore(this.log);
    const lines = analysis.lines as CellLineIndex;
    const hints: vscode.InlayHint[] = [];
    for (const h of shapeHints(analysis)) {
      const last = h.layers[h.layers.length - 1];
      if (!last) continue;
      const at = lines.cellRange(last.span);
      const line = at.endLine - 1;
      if (at.cell !== cell.index || line < range.start.line || line > range.end.line || line >= doc.lineCount) continue;
      const hint = new vscode.InlayHint(doc.lineAt(line).range.end, h.label, vscode.InlayHintKind.Type);
      hint.paddingLeft = true;
      this.sources.set(hint, { hint: h, analysis });
      hints.push(hint);
    }
    return hints;
  }

  /** What each hint shown was made from, for its tooltip: made when the pointer rests on it. */
  private readonly sources = new WeakMap<vscode.InlayHint, { hint: ShapeHint; analysis: Analysis }>();

  async resolveInlayHint(hint: vscode.InlayHint): Promise<vscode.InlayHint> {
    const source = this.sources.get(hint);
    if (source) {
      const { hintTooltip } = await loadCore(this.log);
      hint.tooltip = new vscode.MarkdownString(hintTooltip(source.hint, source.analysis));
    }
    return hint;
  }

  /** The analysis of the document's current version, once published; undefined if none comes in time. */
  private nextAnalysis(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<DocResult | undefined> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        listener.dispose();
        cancelled.dispose();
        resolve(this.analyzer.current(doc));
      };
      const timer = setTimeout(done, WAIT_FOR_ANALYSIS_MS);
      const listener = this.analyzer.onDidAnalyze((d) => (d === doc && this.analyzer.current(doc) ? done() : undefined));
      const cancelled = token.onCancellationRequested(done);
    });
  }
}
