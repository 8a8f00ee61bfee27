import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import {
  assertNever,
  describeMessage,
  hostToWebview,
  parseWebviewToHost,
  validate,
  type AnalysisPayload,
  type CheckPayload,
  type DerivationPayload,
  type HostToWebview,
  type JacobianPayload,
  type NotePayload,
  type Notice,
  type PanelCommand,
  type ProgressPayload,
  type SectionId,
  type SourceRange,
  type WebviewToHost,
} from '../../protocol/messages';
import { parsePanelState } from '../../protocol/state';
import { makeNonce, panelHtml } from './html';
import type { RevealRequest } from './reveal';

export const PANEL_VIEW_TYPE = 'gradLens.panel';

export interface PanelDeps {
  log: (msg: string) => void;
  /** What a row click does; the default shows the document with the code selected. */
  reveal?: (request: RevealRequest) => unknown;
  /** Writes the clipboard; the default is vscode.env.clipboard. */
  writeClipboard?: (text: string) => Thenable<void>;
}

/** A task the panel shows with a progress bar; Cancel in the panel cancels `token`. */
export interface PanelProgress extends vscode.Disposable {
  readonly id: string;
  readonly token: vscode.CancellationToken;
  report(update: { fraction?: number | null; message?: string | null }): void;
  /** Hides the bar (same as dispose). */
  done(): void;
}

const COMMANDS: Record<PanelCommand, string> = {
  analyzeSelection: CommandId.analyzeSelection,
  checkGradients: CommandId.checkGradients,
  deriveGradient: CommandId.deriveGradient,
};

/**
 * Owns the one Grad Lens panel: creates or reveals it, restores it after a reload (with
 * the serializer in index.ts), keeps the latest payload of each kind so a webview that
 * was hidden or reloaded gets them again when it says it is ready, and turns the
 * webview's (validated) requests into events and actions.
 */
export class PanelController implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private ready = false;
  private readonly latest: {
    analysis?: AnalysisPayload;
    jacobian?: JacobianPayload;
    derivation?: DerivationPayload;
    check?: CheckPayload;
    /** null: the panel follows something that is not a note. */
    note?: NotePayload | null;
    progress?: ProgressPayload;
  } = {};
  /** Documents the panel was told about: the only ones a reveal request may open. */
  private readonly knownUris = new Set<string>();
  private readonly progressTasks = new Map<string, vscode.CancellationTokenSource>();
  /** A section to scroll to once a newly created webview is ready. */
  private pendingFocus: SectionId | undefined;
  private nextProgressId = 1;

  private readonly revealEmitter = new vscode.EventEmitter<RevealRequest>();
  private readonly cancelEmitter = new vscode.EventEmitter<string>();
  private readonly jacobianEmitter = new vscode.EventEmitter<string>();
  private readonly derivationEmitter = new vscode.EventEmitter<string>();
  private readonly openEmitter = new vscode.EventEmitter<void>();
  /** A row or a chain box was clicked: the code to reveal and select. */
  readonly onDidRequestReveal = this.revealEmitter.event;
  /** Cancel was pressed on the progress bar with this id. */
  readonly onDidRequestCancel = this.cancelEmitter.event;
  /** The user chose another input for the chain's Jacobian: recompute and showJacobian. */
  readonly onDidRequestJacobian = this.jacobianEmitter.event;
  /** The user chose another variable for the derivation: derive and showDerivation. */
  readonly onDidRequestDerivation = this.derivationEmitter.event;
  /** A panel was created or restored after a reload: time to send it the current document's results. */
  readonly onDidOpen = this.openEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: PanelDeps,
  ) {}

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  get isVisible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** Opens the panel beside the editor, or brings it forward; optionally scrolls to a section. */
  show(options: { preserveFocus?: boolean; section?: SectionId } = {}): void {
    const preserveFocus = options.preserveFocus ?? true;
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
    } else {
      const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Grad Lens', { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.webviewOptions());
      this.attach(panel);
    }
    if (options.section) this.focusSection(options.section);
  }

  showAnalysis(payload: AnalysisPayload): void {
    this.store('analysis', payload, { type: 'analysis/show', payload });
  }

  showJacobian(payload: JacobianPayload): void {
    this.store('jacobian', payload, { type: 'jacobian/show', payload });
  }

  showDerivation(payload: DerivationPayload): void {
    this.store('derivation', payload, { type: 'derivation/show', payload });
  }

  showCheck(payload: CheckPayload): void {
    this.store('check', payload, { type: 'check/show', payload });
  }

  /** The Note section, or null to hide it (what the panel follows is not a note). */
  showNote(payload: NotePayload | null): void {
    if (!this.post({ type: 'note/show', payload })) return;
    this.latest.note = payload;
    if (payload) this.knownUris.add(payload.document.uri);
  }

  showProgress(payload: ProgressPayload): void {
    this.store('progress', payload, { type: 'progress/show', payload });
  }

  hideProgress(id: string): void {
    if (this.latest.progress?.id === id) delete this.latest.progress;
    this.post({ type: 'progress/hide', id });
  }

  showNotice(notice: Notice): void {
    this.post({ type: 'notice/show', payload: notice });
  }

  focusSection(section: SectionId): void {
    if (this.panel && this.ready) this.post({ type: 'panel/focus', section });
    else this.pendingFocus = section;
  }

  /** Clears every section (the document the panel followed was closed). */
  reset(): void {
    for (const key of Object.keys(this.latest) as (keyof typeof this.latest)[]) delete this.latest[key];
    this.post({ type: 'panel/reset' });
  }

  /**
   * Shows a progress bar for a task. The returned token is cancelled by the panel's
   * Cancel button or by `options.token` (e.g. the notification's own Cancel).
   */
  beginProgress(title: string, options: { cancellable?: boolean; token?: vscode.CancellationToken } = {}): PanelProgress {
    const id = `task-${this.nextProgressId++}`;
    const source = new vscode.CancellationTokenSource();
    const link = options.token?.onCancellationRequested(() => source.cancel());
    this.progressTasks.set(id, source);
    let state: ProgressPayload = { id, title: title.slice(0, 10_000), message: null, fraction: null, cancellable: options.cancellable ?? true };
    this.showProgress(state);
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      link?.dispose();
      this.progressTasks.delete(id);
      source.dispose();
      this.hideProgress(id);
    };
    return {
      id,
      token: source.token,
      report: (update) => {
        if (finished) return;
        const fraction = update.fraction === undefined ? state.fraction : update.fraction === null ? null : Math.max(0, Math.min(1, update.fraction));
        state = { ...state, fraction: Number.isFinite(fraction) ? fraction : null, message: update.message === undefined ? state.message : update.message };
        this.showProgress(state);
      },
      done,
      dispose: done,
    };
  }

  /** Called by the serializer after a window reload with the state the webview saved. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    if (state !== undefined && state !== null) {
      const parsed = parsePanelState(state);
      if (parsed.ok) {
        for (const doc of [parsed.value.analysis?.document, parsed.value.check?.document, parsed.value.note?.document]) if (doc) this.knownUris.add(doc.uri);
      } else {
        this.deps.log(`panel: ignored the saved state of the restored panel: ${parsed.error}`);
      }
    }
    if (this.panel) {
      // One panel at a time: a second restored one replaces the first.
      this.panel.dispose();
    }
    panel.webview.options = this.webviewOptions();
    this.attach(panel);
  }

  dispose(): void {
    this.panel?.dispose();
    this.disposePanel();
    for (const source of this.progressTasks.values()) source.dispose();
    this.progressTasks.clear();
    this.revealEmitter.dispose();
    this.cancelEmitter.dispose();
    this.jacobianEmitter.dispose();
    this.derivationEmitter.dispose();
    this.openEmitter.dispose();
  }

  // ───────────────────────────── internals ─────────────────────────────

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableForms: false,
      enableCommandUris: false,
      enableFindWidget: true,
      // State survives hiding through setState/getState; a hidden panel holds no memory.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.disposePanel();
    this.panel = panel;
    this.ready = false;
    const webview = panel.webview;
    const asUri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
    panel.iconPath = { light: vscode.Uri.joinPath(this.extensionUri, 'media', 'grad-lens-light.svg'), dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'grad-lens-dark.svg') };
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce((n) => randomBytes(n)),
      script: asUri('dist', 'webview.js'),
      mathCss: asUri('dist', 'webview.css'),
      codiconCss: asUri('dist', 'codicon.css'),
      panelCss: asUri('media', 'panel.css'),
    });
    this.panelDisposables.push(
      webview.onDidReceiveMessage((data: unknown) => this.receive(data)),
      panel.onDidChangeViewState(() => {
        // A hidden webview is torn down; it says "ready" again when it is shown.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        if (this.panel === panel) {
          this.panel = undefined;
          this.disposePanel();
        }
      }),
    );
    this.openEmitter.fire();
  }

  private disposePanel(): void {
    for (const d of this.panelDisposables) d.dispose();
    this.panelDisposables = [];
    this.ready = false;
  }

  private store<K extends keyof PanelController['latest']>(key: K, payload: NonNullable<PanelController['latest'][K]>, message: HostToWebview): void {
    if (!this.post(message)) return;
    this.latest[key] = payload;
    const doc = (payload as { document?: { uri: string } | null }).document;
    if (doc) this.knownUris.add(doc.uri);
  }

  /**
   * Validates what the host is about to send (an adapter bug shows up here, in the log,
   * rather than as a silently dropped message in the webview) and posts it if the
   * webview is listening. Returns false for an invalid message.
   */
  private post(message: HostToWebview): boolean {
    const checked = validate(hostToWebview, message);
    if (!checked.ok) {
      this.deps.log(`panel: not sending an invalid ${message.type} message: ${checked.error}`);
      return false;
    }
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
    return true;
  }

  private sendSnapshot(): void {
    const { analysis, jacobian, derivation, check, note, progress } = this.latest;
    if (note !== undefined) this.post({ type: 'note/show', payload: note });
    if (analysis) this.post({ type: 'analysis/show', payload: analysis });
    if (jacobian) this.post({ type: 'jacobian/show', payload: jacobian });
    if (derivation) this.post({ type: 'derivation/show', payload: derivation });
    if (check) this.post({ type: 'check/show', payload: check });
    if (progress) this.post({ type: 'progress/show', payload: progress });
    if (this.pendingFocus) this.post({ type: 'panel/focus', section: this.pendingFocus });
    this.pendingFocus = undefined;
  }

  private receive(data: unknown): void {
    const parsed = parseWebviewToHost(data);
    if (!parsed.ok) {
      this.deps.log(`panel: dropped a malformed message from the webview (${describeMessage(data)}): ${parsed.error}`);
      return;
    }
    try {
      this.handle(parsed.value);
    } catch (err) {
      this.deps.log(`panel: handling ${parsed.value.type} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  private handle(message: WebviewToHost): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendSnapshot();
        return;
      case 'reveal':
        this.reveal(message.uri, message.range);
        return;
      case 'clipboard/write': {
        const write = this.deps.writeClipboard ?? ((text: string) => vscode.env.clipboard.writeText(text));
        const what = message.format === 'latex' ? 'LaTeX' : message.format === 'numpy' ? 'NumPy code' : 'text';
        void Promise.resolve(write(message.text)).then(
          () => vscode.window.setStatusBarMessage(`Grad Lens: copied ${what} to the clipboard`, 3000),
          (err: unknown) => this.deps.log(`panel: writing the clipboard failed: ${String(err)}`),
        );
        return;
      }
      case 'progress/cancel':
        this.progressTasks.get(message.id)?.cancel();
        this.cancelEmitter.fire(message.id);
        return;
      case 'jacobian/select':
        this.jacobianEmitter.fire(message.wrt);
        return;
      case 'derivation/select':
        this.derivationEmitter.fire(message.wrt);
        return;
      case 'command/run':
        void this.runCommand(message.command);
        return;
      case 'log':
        this.deps.log(`panel webview [${message.level}]: ${message.message}`);
        return;
      default:
        assertNever(message);
    }
  }

  private reveal(uri: string, range: SourceRange): void {
    if (!this.knownUris.has(uri)) {
      this.deps.log(`panel: refused to reveal a document the panel was not shown: ${uri.slice(0, 200)}`);
      return;
    }
    const request: RevealRequest = {
      uri: vscode.Uri.parse(uri, true),
      cell: range.cell,
      range: new vscode.Range(range.line - 1, range.column - 1, range.endLine - 1, range.endColumn - 1),
    };
    this.revealEmitter.fire(request);
    if (this.deps.reveal) {
      void Promise.resolve(this.deps.reveal(request)).catch((err: unknown) => this.deps.log(`panel: reveal failed: ${String(err)}`));
    }
  }

  /**
   * While the panel has focus there is no active text editor, and the commands work on
   * the active editor: bring the panel's document forward first, then run the command.
   */
  private async runCommand(command: PanelCommand): Promise<void> {
    const uri = this.latest.analysis?.document?.uri ?? this.latest.check?.document?.uri;
    const editor = uri ? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri) : vscode.window.visibleTextEditors[0];
    if (editor) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    await vscode.commands.executeCommand(COMMANDS[command]);
  }
}
