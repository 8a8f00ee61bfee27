import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Analysis, CellLayout, CellLineIndex, CellNote, Occurrence } from '../../core/index';
import { readConfig } from '../config';
import { loadCore, wasmDir } from '../core';
import { innermost } from '../occurrence';
import { LatestRuns } from '../latestRuns';
import { describeError, guard, type Log } from '../log';
import { CellPlaces, cellVersions, coreCells } from './cells';

export type NotebookTrigger = 'command' | 'type' | 'open' | 'settings';

/** The latest analysis of one notebook. */
export interface NotebookResult {
  notebook: vscode.NotebookDocument;
  /** The cells' document versions it read (cellVersions). */
  versions: string;
  /** The code cells as one program; undefined without code cells or when the analysis failed. */
  code: Analysis | undefined;
  /** Where each code cell is in code.text. */
  layout: CellLayout | undefined;
  notes: CellNote[];
  places: CellPlaces;
  layers: number;
  problems: number;
  ms: number;
}

const keyOf = (notebook: vscode.NotebookDocument) => notebook.uri.toString();

/**
 * Analyses each open Jupyter notebook as one program (its Python code cells in order, its
 * markdown cells as notes) and sets the diagnostics on the cells' documents. As in the file
 * analyzer, only a notebook's latest run may publish.
 */
export class NotebookAnalyzer implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('grad-lens-notebooks');
  private readonly results = new Map<string, NotebookResult>();
  /** The cell documents each notebook's diagnostics were set on, to clear them on the next run. */
  private readonly published = new Map<string, vscode.Uri[]>();
  private readonly runs: LatestRuns<NotebookResult>;
  private readonly analyzed = new vscode.EventEmitter<vscode.NotebookDocument>();
  readonly onDidAnalyze = this.analyzed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly log: Log) {
    this.runs = new LatestRuns((key, err) => log.error(`publishing the analysis of ${vscode.Uri.parse(key).fsPath} failed: ${describeError(err)}`));
    this.disposables = [this.collection, this.analyzed, vscode.workspace.onDidCloseNotebookDocument(guard(log, 'closing a notebook', (nb) => this.forget(nb)))];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  latest(notebook: vscode.NotebookDocument): NotebookResult | undefined {
    return this.results.get(keyOf(notebook));
  }

  /** The latest result if no cell changed since it was read. */
  current(notebook: vscode.NotebookDocument): NotebookResult | undefined {
    const result = this.latest(notebook);
    return result && result.versions === cellVersions(notebook.getCells()) ? result : undefined;
  }

  async settled(notebook: vscode.NotebookDocument): Promise<NotebookResult | undefined> {
    await this.runs.settled(keyOf(notebook));
    return this.current(notebook);
  }

  isRunning(notebook: vscode.NotebookDocument): boolean {
    return this.runs.isRunning(keyOf(notebook));
  }

  supersede(notebook: vscode.NotebookDocument): void {
    this.runs.supersede(keyOf(notebook));
  }

  /** The name and its shape under a position in a cell, from the latest current analysis. */
  async occurrenceAt(notebook: vscode.NotebookDocument, cellIndex: number, doc: vscode.TextDocument, position: vscode.Position): Promise<{ occurrence: Occurrence; range: vscode.Range } | undefined> {
    const result = await this.settled(notebook);
    if (!result) return undefined;
    const inNote = result.notes.find((n) => n.cell === cellIndex);
    const analysis = inNote ? inNote.analysis : result.code;
    const offset = inNote ? doc.offsetAt(position) : result.places.offset(cellIndex, doc, position);
    if (!analysis || offset === undefined) return undefined;
    const occurrence = innermost(analysis.occurrences, offset);
    if (!occurrence) return undefined;
    const at = inNote ? result.places.note(cellIndex, inNote.analysis.lines, occurrence.span) : result.places.code(occurrence.span);
    return at && { occurrence, range: at.range };
  }

  analyze(notebook: vscode.NotebookDocument, trigger: NotebookTrigger): Promise<NotebookResult | undefined> {
    return this.runs.start(keyOf(notebook), (isLatest) => this.run(notebook, trigger, isLatest));
  }

  private async run(notebook: vscode.NotebookDocument, trigger: NotebookTrigger, isLatest: () => boolean): Promise<NotebookResult | undefined> {
    const started = performance.now();
    const cells = notebook.getCells();
    const versions = cellVersions(cells);
    const name = basename(notebook.uri.path);
    const core = await loadCore(this.log);
    const analysed = await core.analyzeNotebook(coreCells(cells), { fileName: notebook.uri.fsPath, dims: readConfig(notebook.uri).dims, wasmDir });
    const key = keyOf(notebook);
    if (!isLatest() || notebook.isClosed) return undefined;
    const code = analysed.code?.analysis;
    const places = new CellPlaces(cells, code?.lines as CellLineIndex | undefined);
    const located = [
      ...(code?.problems ?? []).map((problem) => ({ problem, locate: (span: typeof problem.span) => places.code(span) })),
      ...analysed.notes.flatMap((n) => n.analysis.problems.map((problem) => ({ problem, locate: (span: typeof problem.span) => places.note(n.cell, n.analysis.lines, span) }))),
    ];
    for (const { problem } of located) if (problem.code === 'internal-error') this.log.error(`analysis of ${name}: ${problem.message}`);
    const byCell = places.diagnostics(located);
    for (const uri of this.published.get(key) ?? []) this.collection.delete(uri);
    for (const { uri, diagnostics } of byCell.values()) this.collection.set(uri, diagnostics);
    this.published.set(key, [...byCell.values()].map((e) => e.uri));
    const layers = (code?.layers.length ?? 0) + analysed.notes.reduce((n, note) => n + note.analysis.layers.length, 0);
    const ms = performance.now() - started;
    const result: NotebookResult = { notebook, versions, code, layout: analysed.code?.layout, notes: analysed.notes, places, layers, problems: located.length, ms };
    this.results.set(key, result);
    this.log.info(`${name} [${trigger}]: ${ms.toFixed(1)} ms, ${cells.length} cells, ${layers} layers, ${located.length} problems`);
    this.analyzed.fire(notebook);
    return result;
  }

  private forget(notebook: vscode.NotebookDocument): void {
    const key = keyOf(notebook);
    this.runs.forget(key);
    this.results.delete(key);
    for (const uri of this.published.get(key) ?? []) this.collection.delete(uri);
    this.published.delete(key);
    this.analyzed.fire(notebook);
  }
}
