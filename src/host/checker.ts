import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Span } from '../core/index';
import { CommandId } from './commandIds';
import { readConfig } from './config';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from './diagnostics';
import { describeError, guard, type Log } from './log';
import { documentRef, type PanelController } from './panel/index';
import { isAbort } from './worker/client';
import type { CheckOutput } from './worker/protocol';
import { selectionSpan, taskInput, type Workers } from './workers';

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
          // The verdicts were about the text as it was: any edit makes them stale.
          if (e.contentChanges.length > 0 && this.collection.has(e.document.uri)) this.collection.delete(e.document.uri);
        }),
      ),
      vscode.workspace.onDidCloseTextDocument(
        guard(log, 'closing a document', (doc: vscode.TextDocument) => {
          this.collection.delete(doc.uri);
          this.running.get(doc.uri.toString())?.abort();
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
    const key = doc.uri.toString();
    const name = basename(doc.uri.path);
    const range = selectionSpan(doc, selection);
    const version = doc.version;
    const text = doc.getText();
    const config = readConfig(doc.uri);
    // One check per document: a new one replaces the one under way.
    this.running.get(key)?.abort();
    const abort = new AbortController();
    this.running.set(key, abort);
    const started = performance.now();
    const bar = this.panel.isOpen ? this.panel.beginProgress(`Checking gradients in ${name}`) : undefined;
    bar?.token.onCancellationRequested(() => abort.abort());
    const task = this.workers.check.run(
      { task: 'check', input: taskInput(doc, range, text), doc: documentRef(doc), defaultBatch: config.defaultBatch, elementBudget: config.elementBudget, workBudget: config.workBudget },
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
      if (doc.isClosed) return;
      if (doc.version !== version) {
        this.log.info(`check of ${name}: the document changed while it ran; its results were dropped`);
        void vscode.window.showInformationMessage(`Grad Lens: ${name} changed while its gradients were checked. Run Check Gradients again.`);
        return;
      }
      this.publish(doc, out, performance.now() - started);
    } catch (err) {
      const ms = (performance.now() - started).toFixed(0);
      if (isAbort(err)) {
        this.log.info(`check of ${name} cancelled after ${ms} ms`);
        vscode.window.setStatusBarMessage('Grad Lens: gradient check cancelled', 4000);
        return;
      }
      this.log.error(`check of ${name} failed after ${ms} ms: ${describeError(err)}`);
      if (!doc.isClosed && doc.version === version) this.failed(doc, err, range ?? firstLine(text));
    } finally {
      clearTimeout(timer);
      bar?.done();
      if (this.running.get(key) === abort) this.running.delete(key);
    }
  }

  private publish(doc: vscode.TextDocument, out: CheckOutput, ms: number): void {
    const toRange = (s: Span) => new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end));
    this.collection.set(
      doc.uri,
      out.problems.map((p) => toDiagnostic(p, doc.uri, toRange)),
    );
    for (const line of out.log) this.log.info(line);
    this.log.info(`  in the editor: ${ms.toFixed(0)} ms from the command to the results (worker start, analysis, check)`);
    this.panel.showCheck(out.payload);
    if (this.panel.isOpen) this.panel.focusSection('check');
    const { correct, wrong, unchecked } = out.counts;
    const total = correct + wrong + unchecked;
    const name = basename(doc.uri.path);
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

  /** An internal failure: said where the user asked, and in the log. */
  private failed(doc: vscode.TextDocument, err: unknown, span: Span): void {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end)),
      `Grad Lens could not check the gradients here (${reason}); details are in the Grad Lens output channel.`,
      vscode.DiagnosticSeverity.Warning,
    );
    diagnostic.code = 'internal-error';
    diagnostic.source = DIAGNOSTIC_SOURCE;
    this.collection.set(doc.uri, [diagnostic]);
  }
}

function firstLine(text: string): Span {
  const end = text.indexOf('\n');
  return { start: 0, end: end < 0 ? text.length : end };
}
