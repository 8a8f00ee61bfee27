import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Span } from '../core/index';
import type { DocumentRef } from '../protocol/messages';
import { CommandId } from './commandIds';
import { readConfig } from './config';
import { loadCore } from './core';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from './diagnostics';
import { describeError, guard, type Log } from './log';
import { CellPlaces, cellOf, cellVersions, coreCells, notebookRef } from './notebook/cells';
import { documentRef, type PanelController } from './panel/index';
import { isAbort } from './worker/client';
import type { CheckOutput, TaskInput } from './worker/protocol';
import { notebookTaskInput, selectionSpan, taskInput, type Workers } from './workers';

/** A check quicker than this shows no notification (the panel's bar and the diagnostics say enough). */
export const NOTIFY_AFTER_MS = 400;

/**
 * Check Gradients: runs the numeric check in the check worker, with a cancellable
 * notification (after a moment) and the panel's progress bar (when the panel is open),
 * either of which cancels it; publishes one diagnostic per hand-written gradient in its
 * own collection, which analyze-on-type leaves alone and an edit of the document clears;
 * sends the results to the panel.
 */
export class GradientChecker implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('grad-lens-check');
  private readonly running = new Map<string, AbortController>();
  /** The cell documents each notebook's verdicts are on. */
  private readonly notebookCells = new Map<string, vscode.Uri[]>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly workers: Workers,
    private readonly panel: PanelController,
    private readonly log: Log,
  ) {
    this.disposables = [
      this.collection,
      vscode.workspace.onDidChangeTextDocument(
        guard(log, 'clearing the check results', (e: vscode.TextDocumentChangeEvent) => {
          // The verdicts were about the text as it was: any edit makes them stale. An edit
          // in any cell of a notebook makes all of the notebook's verdicts stale.
          if (e.contentChanges.length === 0) return;
          const cell = cellOf(e.document);
          if (cell) this.clearNotebook(cell.notebook.uri.toString());
          else if (this.collection.has(e.document.uri)) this.collection.delete(e.document.uri);
        }),
      ),
      vscode.workspace.onDidCloseTextDocument(
        guard(log, 'closing a document', (doc: vscode.TextDocument) => {
          this.collection.delete(doc.uri);
          this.running.get(doc.uri.toString())?.abort();
        }),
      ),
      vscode.workspace.onDidCloseNotebookDocument(
        guard(log, 'closing a notebook', (notebook: vscode.NotebookDocument) => {
          this.clearNotebook(notebook.uri.toString());
          this.running.get(notebook.uri.toString())?.abort();
        }),
      ),
    ];
  }

  dispose(): void {
    for (const c of this.running.values()) c.abort();
    for (const d of this.disposables) d.dispose();
  }

  /** Checks the selection (or the whole document when nothing is selected). Never throws. */
  async check(doc: vscode.TextDocument, selection?: vscode.Selection): Promise<void> {
    const range = selectionSpan(doc, selection);
    const version = doc.version;
    const text = doc.getText();
    const toRange = (s: Span) => new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end));
    await this.run({
      key: doc.uri.toString(),
      name: basename(doc.uri.path),
      input: taskInput(doc, range, text),
      doc: documentRef(doc),
      scope: doc.uri,
      range,
      gone: () => doc.isClosed,
      changed: () => doc.version !== version,
      publish: (out) => this.collection.set(doc.uri, out.problems.map((p) => toDiagnostic(p, doc.uri, toRange))),
      failed: (diagnostic) => this.collection.set(doc.uri, [diagnostic(toRange(range ?? firstLine(text)))]),
    });
  }

  /**
   * Checks a notebook's code cells as one program; each verdict goes on its line in its cell.
   * Never throws.
   */
  async checkNotebook(notebook: vscode.NotebookDocument): Promise<void> {
    const cells = notebook.getCells();
    const versions = cellVersions(cells);
    const name = basename(notebook.uri.path);
    const core = await loadCore(this.log);
    const joined = core.joinCodeCells(coreCells(cells));
    if (!joined.layout.starts.length) {
      void vscode.window.showInformationMessage(`Grad Lens: ${name} has no Python code cells to check.`);
      return;
    }
    const key = notebook.uri.toString();
    const places = new CellPlaces(cells, new core.CellLineIndex(joined.text, joined.layout));
    const input = notebookTaskInput(notebook, joined.text, joined.layout);
    await this.run({
      key,
      name,
      input,
      doc: notebookRef(notebook),
      scope: notebook.uri,
      range: undefined,
      gone: () => notebook.isClosed,
      changed: () => cellVersions(notebook.getCells()) !== versions,
      publish: (out) => this.publishInCells(key, places.diagnostics(out.problems.map((problem) => ({ problem, locate: (span: Span) => places.code(span) })))),
      failed: (diagnostic) => {
        const first = cells[joined.layout.cells[0]];
        this.publishInCells(key, new Map([[first.document.uri.toString(), { uri: first.document.uri, diagnostics: [diagnostic(new vscode.Range(0, 0, 0, 0))] }]]));
      },
    });
  }

  /** One check per document or notebook: a new one replaces the one under way. */
  private async run(job: CheckJob): Promise<void> {
    const { key, name } = job;
    const config = readConfig(job.scope);
    this.running.get(key)?.abort();
    const abort = new AbortController();
    this.running.set(key, abort);
    const started = performance.now();
    const bar = this.panel.isOpen ? this.panel.beginProgress(`Checking gradients in ${name}`) : undefined;
    bar?.token.onCancellationRequested(() => abort.abort());
    const task = this.workers.check.run(
      { task: 'check', input: job.input, doc: job.doc, defaultBatch: config.defaultBatch, elementBudget: config.elementBudget, workBudget: config.workBudget },
      abort.signal,
    );
    const timer = setTimeout(() => {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Grad Lens: checking gradients in ${name}`, cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          return task.then(
            () => undefined,
            () => undefined,
          );
        },
      );
    }, NOTIFY_AFTER_MS);
    try {
      const out = await task;
      if (job.gone()) return;
      if (job.changed()) {
        this.log.info(`check of ${name}: the document changed while it ran; its results were dropped`);
        void vscode.window.showInformationMessage(`Grad Lens: ${name} changed while its gradients were checked. Run Check Gradients again.`);
        return;
      }
      job.publish(out);
      this.report(name, out, performance.now() - started);
    } catch (err) {
      const ms = (performance.now() - started).toFixed(0);
      if (isAbort(err)) {
        this.log.info(`check of ${name} cancelled after ${ms} ms`);
        vscode.window.setStatusBarMessage('Grad Lens: gradient check cancelled', 4000);
        return;
      }
      this.log.error(`check of ${name} failed after ${ms} ms: ${describeError(err)}`);
      if (!job.gone() && !job.changed()) job.failed((range) => failure(err, range));
    } finally {
      clearTimeout(timer);
      bar?.done();
      if (this.running.get(key) === abort) this.running.delete(key);
    }
  }

  /** A notebook's verdicts, on each cell they are about; those of its previous check go. */
  private publishInCells(key: string, byCell: Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>): void {
    this.clearNotebook(key);
    for (const { uri, diagnostics } of byCell.values()) this.collection.set(uri, diagnostics);
    this.notebookCells.set(key, [...byCell.values()].map((e) => e.uri));
  }

  private clearNotebook(key: string): void {
    for (const uri of this.notebookCells.get(key) ?? []) this.collection.delete(uri);
    this.notebookCells.delete(key);
  }

  /** The log, the panel and a summary of a check whose diagnostics were set. */
  private report(name: string, out: CheckOutput, ms: number): void {
    for (const line of out.log) this.log.info(line);
    this.log.info(`  in the editor: ${ms.toFixed(0)} ms from the command to the results (worker start, analysis, check)`);
    this.panel.showCheck(out.payload);
    if (this.panel.isOpen) this.panel.focusSection('check');
    const { correct, wrong, unchecked } = out.counts;
    const total = correct + wrong + unchecked;
    if (total === 0) {
      const why = out.problems.find((p) => p.code === 'no-loss' || p.code === 'no-gradients' || p.code === 'too-large' || p.code === 'non-finite' || p.code === 'not-evaluable' || p.code === 'internal-error');
      void vscode.window.showWarningMessage(`Grad Lens: no hand-written gradients were checked in ${name}${why ? `: ${why.message}` : ' (none found: name them dW, grad_W, W_grad, dL_dW, …)'}`);
      return;
    }
    const summary = `${total} gradient${total === 1 ? '' : 's'} checked in ${name}: ${correct} correct, ${wrong} wrong, ${unchecked} unchecked`;
    if (this.panel.isVisible) {
      vscode.window.setStatusBarMessage(`Grad Lens: ${summary}`, 5000);
      return;
    }
    const show = 'Show in Panel';
    const message = wrong ? vscode.window.showWarningMessage(`Grad Lens: ${summary}.`, show) : vscode.window.showInformationMessage(`Grad Lens: ${summary}.`, show);
    void message.then((choice) => {
      if (choice === show) void vscode.commands.executeCommand(CommandId.showPanel, { section: 'check' });
    });
  }
}

/** An internal failure, said where the user asked (and in the log). */
function failure(err: unknown, range: vscode.Range): vscode.Diagnostic {
  const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  const diagnostic = new vscode.Diagnostic(range, `Grad Lens could not check the gradients here (${reason}); details are in the Grad Lens output channel.`, vscode.DiagnosticSeverity.Warning);
  diagnostic.code = 'internal-error';
  diagnostic.source = DIAGNOSTIC_SOURCE;
  return diagnostic;
}

/** What one check is about: a file (or its selection) or a notebook's code cells. */
interface CheckJob {
  /** One check at a time per key. */
  key: string;
  name: string;
  input: TaskInput;
  doc: DocumentRef;
  /** Where the settings are read. */
  scope: vscode.Uri;
  range: Span | undefined;
  gone(): boolean;
  /** The text changed while the check ran: its results are about text that is no more. */
  changed(): boolean;
  publish(out: CheckOutput): void;
  /** Shows an internal failure, given how to make its diagnostic at a range. */
  failed(diagnostic: (range: vscode.Range) => vscode.Diagnostic): void;
}

function firstLine(text: string): Span {
  const end = text.indexOf('\n');
  return { start: 0, end: end < 0 ? text.length : end };
}
