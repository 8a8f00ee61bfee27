import * as vscode from 'vscode';
import type { Analysis, Span } from '../core/index';
import type { Analyzer } from './analyzer';
import { loadCore, type CoreModule } from './core';
import { isAnalyzedLanguage } from './languages';
import { describeError, guard, type Log } from './log';
import type { NotebookAnalyzer } from './notebook/analyzer';
import { cellOf, isCellDocument, JUPYTER_NOTEBOOK } from './notebook/cells';
import { toAnalysisPayload, toJacobianPayload, toNotePayload, type NoteSource, type PanelController } from './panel/index';
import { fileSubject, notebookSubject, sameSubject, type Subject, subjectName, subjectRef, subjectUri } from './subject';
import type { TaskInput } from './worker/protocol';
import { notebookTaskInput, taskInput, type Workers } from './workers';

/** Analyses arrive already debounced; this only merges bursts (a selection, then on-type). */
const PANEL_DEBOUNCE_MS = 100;

/** The latest analysis of what the panel follows, as the panel and its Jacobian task read it. */
interface Latest {
  /** The analyzer's result object: the Jacobian on display is redone only when it changes. */
  result: object;
  analysis: Analysis;
  ms: number;
  range: Span | undefined;
  input: TaskInput;
}

/**
 * Keeps the panel on the current document or notebook: its layers and chain from each new
 * analysis, and the Jacobian of the loss (or the last operation) with respect to the input
 * chosen in the panel's dropdown (by default the first one), computed in the panel worker.
 * The panel follows the active editor while it shows model code (Python, notes in math
 * notation, a cell of a Jupyter notebook: then the whole notebook) and keeps what it
 * follows while the focus is elsewhere (in the panel itself).
 */
export class PanelSync implements vscode.Disposable {
  private followed: Subject | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The input each document's Jacobian is taken with respect to, as chosen in the panel. */
  private readonly jacobianWrt = new Map<string, string>();
  /** What the Jacobian on display was computed from, so an unchanged analysis is not redone. */
  private shownJacobian: { key: string; result: object; wrt: string | null; pictures: boolean } | undefined;
  /** The note whose stated derivative Grad Lens has derived beside it, once while the panel follows it. */
  private readonly notesDerived = new Set<string>();
  private jacobianRunning = false;
  private jacobianAgain = false;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly analyzer: Analyzer,
    private readonly notebooks: NotebookAnalyzer,
    private readonly panel: PanelController,
    private readonly workers: Workers,
    private readonly log: Log,
    private readonly rederive: (subject: Subject, wrt: string, focus?: boolean) => Promise<void>,
  ) {
    const active = vscode.window.activeTextEditor?.document;
    this.followed = active && followable(active);
    this.disposables = [
      analyzer.onDidAnalyze(
        guard(log, 'panel update', (doc: vscode.TextDocument) => {
          // After a reload the panel may be restored before any editor is active: follow what is on screen.
          const shown = doc === vscode.window.activeTextEditor?.document || vscode.window.visibleTextEditors.some((e) => e.document === doc);
          if (!this.followed && shown) this.followed = followable(doc);
          if (sameSubject(this.followed, fileSubject(doc))) this.schedule();
        }),
      ),
      notebooks.onDidAnalyze(
        guard(log, 'panel update', (notebook: vscode.NotebookDocument) => {
          if (!this.followed && vscode.window.visibleNotebookEditors.some((e) => e.notebook === notebook)) this.followed = notebookSubject(notebook);
          if (sameSubject(this.followed, notebookSubject(notebook))) this.schedule();
        }),
      ),
      vscode.window.onDidChangeActiveTextEditor(
        guard(log, 'panel follow', (editor: vscode.TextEditor | undefined) => {
          const next = editor && followable(editor.document);
          if (next) this.switchTo(next);
        }),
      ),
      vscode.window.onDidChangeActiveNotebookEditor(
        guard(log, 'panel follow', (editor: vscode.NotebookEditor | undefined) => {
          if (editor && editor.notebook.notebookType === JUPYTER_NOTEBOOK) this.switchTo(notebookSubject(editor.notebook));
        }),
      ),
      vscode.workspace.onDidCloseTextDocument(
        guard(log, 'panel follow', (doc: vscode.TextDocument) => {
          if (sameSubject(this.followed, fileSubject(doc))) this.stopFollowing();
        }),
      ),
      vscode.workspace.onDidCloseNotebookDocument(
        guard(log, 'panel follow', (notebook: vscode.NotebookDocument) => {
          if (sameSubject(this.followed, notebookSubject(notebook))) this.stopFollowing();
        }),
      ),
      panel.onDidOpen(guard(log, 'panel open', () => this.refresh())),
      panel.onDidRequestJacobian(
        guard(log, 'panel Jacobian', (wrt: string) => {
          if (!this.followed) return;
          this.jacobianWrt.set(subjectUri(this.followed).toString(), wrt);
          return this.updateJacobian();
        }),
      ),
      panel.onDidRequestDerivation(
        guard(log, 'panel derivation', (wrt: string) => {
          if (this.followed) return rederive(this.followed, wrt);
        }),
      ),
    ];
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  /** The file the panel follows (undefined while it follows a notebook). */
  get document(): vscode.TextDocument | undefined {
    return this.followed?.kind === 'file' ? this.followed.doc : undefined;
  }

  get subject(): Subject | undefined {
    return this.followed;
  }

  /** Follows this file or notebook from now on (Show Panel, Derive Gradient on it). */
  follow(subject: Subject): void {
    if (!sameSubject(subject, this.followed)) {
      this.followed = subject;
      this.shownJacobian = undefined;
    }
  }

  /** Shows the latest analysis now, analyzing first if there is none. */
  async refresh(): Promise<void> {
    const subject = this.followed;
    if (!subject || !this.panel.isOpen) return;
    if (subject.kind === 'file') {
      const { doc } = subject;
      // The analysis fires onDidAnalyze, which schedules the update.
      if ((!this.analyzer.latest(doc) || this.analyzer.isRunning(doc)) && !(await this.analyzer.settled(doc))) await this.analyzer.analyze(doc, 'open');
    } else {
      const { notebook } = subject;
      if ((!this.notebooks.latest(notebook) || this.notebooks.isRunning(notebook)) && !(await this.notebooks.settled(notebook))) await this.notebooks.analyze(notebook, 'open');
    }
    clearTimeout(this.timer);
    await this.update();
  }

  /** The notes in what the panel follows: the file when it is one, or a notebook's markdown cells. */
  private noteSources(core: CoreModule, subject: Subject, analysis: Analysis): NoteSource[] {
    if (subject.kind === 'file') return analysis.language === 'math' ? [{ view: core.noteView(analysis), lines: analysis.lines, cell: null }] : [];
    return (this.notebooks.latest(subject.notebook)?.notes ?? []).map((n) => ({ view: core.noteView(n.analysis), lines: n.analysis.lines, cell: n.cell }));
  }

  private switchTo(subject: Subject): void {
    if (sameSubject(subject, this.followed)) return;
    // Another document's derivation replaces the note's: derive it again on coming back.
    this.notesDerived.clear();
    this.followed = subject;
    if (this.panel.isOpen) void this.refresh();
  }

  private stopFollowing(): void {
    if (this.followed) this.notesDerived.delete(subjectUri(this.followed).toString());
    this.followed = undefined;
    this.shownJacobian = undefined;
    this.panel.reset();
  }

  private latest(subject: Subject): Latest | undefined {
    if (subject.kind === 'file') {
      const result = this.analyzer.latest(subject.doc);
      if (!result?.analysis) return undefined;
      return { result, analysis: result.analysis, ms: result.ms, range: result.range, input: taskInput(subject.doc, result.range, result.analysis.text) };
    }
    const result = this.notebooks.latest(subject.notebook);
    if (!result?.code || !result.layout) return undefined;
    return { result, analysis: result.code, ms: result.ms, range: undefined, input: notebookTaskInput(subject.notebook, result.code.text, result.layout) };
  }

  private schedule(): void {
    if (!this.panel.isOpen) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void guard(this.log, 'panel update', () => this.update())(), PANEL_DEBOUNCE_MS);
  }

  private async update(): Promise<void> {
    const subject = this.followed;
    const latest = subject && this.latest(subject);
    if (!subject || !latest || !this.panel.isOpen) return;
    const core = await loadCore(this.log);
    this.panel.showAnalysis(toAnalysisPayload(core, latest.analysis, subjectRef(subject), { ms: latest.ms, range: latest.range }));
    const note = toNotePayload(this.noteSources(core, subject, latest.analysis), subjectRef(subject));
    this.panel.showNote(note);
    const claim = note?.claims[0];
    const key = subjectUri(subject).toString();
    // Beside the note's derivation, Grad Lens's own of the same derivative, without being asked.
    if (claim && subject.kind === 'file' && !this.notesDerived.has(key)) {
      this.notesDerived.add(key);
      void this.rederive(subject, claim.wrt, false);
    }
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
    const subject = this.followed;
    const latest = subject && this.latest(subject);
    if (!subject || !latest || !this.panel.isOpen) return;
    const key = subjectUri(subject).toString();
    const wrt = this.jacobianWrt.get(key) ?? null;
    const shown = this.shownJacobian;
    const { result, input } = latest;
    if (shown?.result === result && shown.wrt === wrt) return;
    const current = () => sameSubject(subject, this.followed) && this.latest(subject)?.result === result && (this.jacobianWrt.get(key) ?? null) === wrt;
    const name = subjectName(subject);
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

/**
 * What the panel follows for a document in an editor: model code (not output channels or
 * settings), or for a cell the notebook it belongs to.
 */
function followable(doc: vscode.TextDocument): Subject | undefined {
  if (isCellDocument(doc)) {
    const cell = cellOf(doc);
    return cell && notebookSubject(cell.notebook);
  }
  return isAnalyzedLanguage(doc.languageId) && doc.uri.scheme !== 'output' ? fileSubject(doc) : undefined;
}
