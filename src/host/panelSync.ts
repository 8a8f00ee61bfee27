import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Analyzer, DocResult } from './analyzer';
import { loadCore } from './core';
import { isAnalyzedLanguage } from './languages';
import { describeError, guard, type Log } from './log';
import { documentRef, toAnalysisPayload, toJacobianPayload, type PanelController } from './panel/index';
import { taskInput, type Workers } from './workers';

/** Analyses arrive already debounced; this only merges bursts (a selection, then on-type). */
const PANEL_DEBOUNCE_MS = 100;

/**
 * Keeps the panel on the current document: its layers and chain from each new analysis,
 * and the Jacobian of the loss (or the last operation) with respect to the input chosen in
 * the panel's dropdown (by default the first one), computed in the panel worker. The
 * panel follows the active editor while it shows model code (Python, notes in math
 * notation) and keeps its document while the focus is elsewhere (in the panel itself).
 */
export class PanelSync implements vscode.Disposable {
  private doc: vscode.TextDocument | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The input each document's Jacobian is taken with respect to, as chosen in the panel. */
  private readonly jacobianWrt = new Map<string, string>();
  /** What the Jacobian on display was computed from, so an unchanged analysis is not redone. */
  private shownJacobian: { key: string; result: DocResult; wrt: string | null; pictures: boolean } | undefined;
  private jacobianRunning = false;
  private jacobianAgain = false;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly analyzer: Analyzer,
    private readonly panel: PanelController,
    private readonly workers: Workers,
    private readonly log: Log,
    rederive: (doc: vscode.TextDocument, wrt: string) => Promise<void>,
  ) {
    const active = vscode.window.activeTextEditor?.document;
    if (active && followable(active)) this.doc = active;
    this.disposables = [
      analyzer.onDidAnalyze(
        guard(log, 'panel update', (doc: vscode.TextDocument) => {
          // After a reload the panel may be restored before any editor is active: follow what is on screen.
          const shown = doc === vscode.window.activeTextEditor?.document || vscode.window.visibleTextEditors.some((e) => e.document === doc);
          if (!this.doc && shown && followable(doc)) this.doc = doc;
          if (doc === this.doc) this.schedule();
        }),
      ),
      vscode.window.onDidChangeActiveTextEditor(
        guard(log, 'panel follow', (editor: vscode.TextEditor | undefined) => {
          if (editor && followable(editor.document) && editor.document !== this.doc) {
            this.doc = editor.document;
            if (this.panel.isOpen) void this.refresh();
          }
        }),
      ),
      vscode.workspace.onDidCloseTextDocument(
        guard(log, 'panel follow', (doc: vscode.TextDocument) => {
          if (doc !== this.doc) return;
          this.doc = undefined;
          this.shownJacobian = undefined;
          this.panel.reset();
        }),
      ),
      panel.onDidOpen(guard(log, 'panel open', () => this.refresh())),
      panel.onDidRequestJacobian(
        guard(log, 'panel Jacobian', (wrt: string) => {
          if (!this.doc) return;
          this.jacobianWrt.set(this.doc.uri.toString(), wrt);
          return this.updateJacobian();
        }),
      ),
      panel.onDidRequestDerivation(
        guard(log, 'panel derivation', (wrt: string) => {
          if (this.doc) return rederive(this.doc, wrt);
        }),
      ),
    ];
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  get document(): vscode.TextDocument | undefined {
    return this.doc;
  }

  /** Follows this document from now on (Show Panel, Derive Gradient on it). */
  follow(doc: vscode.TextDocument): void {
    if (doc !== this.doc) {
      this.doc = doc;
      this.shownJacobian = undefined;
    }
  }

  /** Shows the document's latest analysis now, analyzing it first if it has none. */
  async refresh(): Promise<void> {
    const doc = this.doc;
    if (!doc || !this.panel.isOpen) return;
    if (!this.analyzer.latest(doc) || this.analyzer.isRunning(doc)) {
      // The analysis fires onDidAnalyze, which schedules the update.
      if (!(await this.analyzer.settled(doc))) await this.analyzer.analyze(doc, 'open');
    }
    clearTimeout(this.timer);
    await this.update();
  }

  private schedule(): void {
    if (!this.panel.isOpen) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void guard(this.log, 'panel update', () => this.update())(), PANEL_DEBOUNCE_MS);
  }

  private async update(): Promise<void> {
    const doc = this.doc;
    if (!doc || !this.panel.isOpen) return;
    const result = this.analyzer.latest(doc);
    if (!result?.analysis) return;
    const core = await loadCore(this.log);
    this.panel.showAnalysis(toAnalysisPayload(core, result.analysis, documentRef(doc), { ms: result.ms, range: result.range }));
    await this.updateJacobian();
  }

  /**
   * One Jacobian computation at a time: analyses that arrive meanwhile are merged into one
   * more run on the latest, so typing in a conv net (whose pictures take seconds) does not
   * queue up work for every keystroke.
   */
  private async updateJacobian(): Promise<void> {
    if (this.jacobianRunning) {
      this.jacobianAgain = true;
      return;
    }
    this.jacobianRunning = true;
    try {
      do {
        this.jacobianAgain = false;
        await this.computeJacobian();
      } while (this.jacobianAgain);
    } finally {
      this.jacobianRunning = false;
    }
  }

  private async computeJacobian(): Promise<void> {
    const doc = this.doc;
    const result = doc && this.analyzer.latest(doc);
    if (!doc || !result?.analysis || !this.panel.isOpen) return;
    const key = doc.uri.toString();
    const wrt = this.jacobianWrt.get(key) ?? null;
    const shown = this.shownJacobian;
    if (shown?.result === result && shown.wrt === wrt) return;
    const current = () => doc === this.doc && this.analyzer.latest(doc) === result && (this.jacobianWrt.get(key) ?? null) === wrt;
    const input = taskInput(doc, result.range, result.analysis.text);
    const name = basename(doc.uri.path);
    try {
      // A new document or input: sizes, classes and formulas first (milliseconds), then the pictures.
      // The same one after an edit: keep the old picture until the new one is ready.
      if (!shown || shown.key !== key || shown.wrt !== wrt) {
        const quick = await this.workers.panel.run({ task: 'jacobian', input, wrt, pictures: false });
        if (!current() || this.jacobianAgain) return;
        if (quick.payload) this.panel.showJacobian(quick.payload);
        else this.panel.showJacobian(toJacobianPayload({ of: '—', wrt: '—', wrtOptions: [], chain: null, perOp: [], message: 'Nothing here has a Jacobian to show: no operations on named values.' }));
        this.shownJacobian = { key, result, wrt, pictures: false };
        if (!quick.payload) return;
      }
      const full = await this.workers.panel.run({ task: 'jacobian', input, wrt, pictures: true });
      if (!current()) return;
      this.log.debug(`panel: Jacobian of ${name} with respect to ${full.wrt ?? '(nothing)'} in ${full.ms.toFixed(0)} ms`);
      if (full.payload) this.panel.showJacobian(full.payload);
      this.shownJacobian = { key, result, wrt, pictures: true };
    } catch (err) {
      this.log.error(`panel: the Jacobian of ${name} failed: ${describeError(err)}`);
    }
  }
}

/** Documents the panel follows: model code in an editor, not output channels or settings. */
function followable(doc: vscode.TextDocument): boolean {
  return isAnalyzedLanguage(doc.languageId) && doc.uri.scheme !== 'output';
}
