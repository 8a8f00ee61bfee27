import * as vscode from 'vscode';
import type { Span } from '../core/index';
import { describeError, guard, type Log } from './log';
import type { PanelController } from './panel/index';
import { isClosed, type Subject, subjectInput, subjectName, subjectUri } from './subject';
import type { VariablesOutput } from './worker/protocol';
import { type Workers } from './workers';

/**
 * Derive Gradient: a quick pick of what the loss can be differentiated with respect to,
 * then the derivation (deriveFromGraph, in the panel worker) shown in the panel with its
 * steps, written to the output channel, and offered for copying as LaTeX or NumPy. A
 * derivation that fails or does not verify is reported as such, never shown as a result.
 */
export class Deriver {
  /** The selection each document's last derivation read, for the panel's dropdown. */
  private readonly ranges = new Map<string, Span | undefined>();

  constructor(
    private readonly workers: Workers,
    private readonly panel: PanelController,
    private readonly log: Log,
    /** Makes the panel follow this document or notebook (and refresh) before it is shown. */
    private readonly follow: (subject: Subject) => void,
  ) {}

  /**
   * The command: pick the variable, derive, show. Never throws. `range` is the selection in
   * a file; a notebook's code cells are read whole.
   */
  async pickAndDerive(subject: Subject, range?: Span): Promise<void> {
    const name = subjectName(subject);
    let vars: VariablesOutput;
    try {
      vars = await this.workers.panel.run({ task: 'variables', input: await subjectInput(subject, this.log, range) });
    } catch (err) {
      this.log.error(`derive: reading ${name} failed: ${describeError(err)}`);
      void vscode.window.showErrorMessage(`Grad Lens could not read ${name}; details are in the Grad Lens output channel.`);
      return;
    }
    if (!vars.loss) {
      void vscode.window.showWarningMessage(
        `Grad Lens: no scalar loss in ${range ? 'the selection' : name}. Derive Gradient differentiates a loss: the forward pass must end in a named scalar (loss, cost, E, L, J, …).`,
      );
      return;
    }
    if (!vars.inputs.length && !vars.intermediates.length) {
      void vscode.window.showWarningMessage(`Grad Lens: ${vars.loss} does not depend on any named value to differentiate with respect to.`);
      return;
    }
    const item = (label: string, description: string): vscode.QuickPickItem => ({ label, description });
    const separator = (label: string): vscode.QuickPickItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
    const items = [
      ...(vars.inputs.length ? [separator('inputs and parameters'), ...vars.inputs.map((n) => item(n, 'input'))] : []),
      ...(vars.intermediates.length ? [separator('intermediates'), ...vars.intermediates.map((n) => item(n, 'intermediate'))] : []),
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: `Grad Lens: Derive Gradient of ${vars.loss}`,
      placeHolder: `Differentiate ${vars.loss} with respect to…`,
    });
    if (!picked) return;
    if (isClosed(subject)) return;
    this.ranges.set(subjectUri(subject).toString(), range);
    await this.derive(subject, picked.label, { notify: true, range });
  }

  /**
   * The panel's dropdown: the same document and selection as the last derivation. With
   * `focus` false (a note's derivation shown beside the note's own) the panel stays where it is.
   */
  async rederive(subject: Subject, wrt: string, focus = true): Promise<void> {
    await this.derive(subject, wrt, { notify: false, focus, range: this.ranges.get(subjectUri(subject).toString()) });
  }

  private async derive(subject: Subject, wrt: string, options: { notify: boolean; focus?: boolean; range: Span | undefined }): Promise<void> {
    const name = subjectName(subject);
    let out;
    try {
      const input = await subjectInput(subject, this.log, options.range);
      out = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Grad Lens: deriving the gradient with respect to ${wrt}` }, () =>
        this.workers.panel.run({ task: 'derive', input, wrt }),
      );
    } catch (err) {
      this.log.error(`derive ${name} with respect to ${wrt} failed: ${describeError(err)}`);
      void vscode.window.showErrorMessage(`Grad Lens could not derive the gradient with respect to ${wrt}; details are in the Grad Lens output channel.`);
      return;
    }
    for (const line of out.log) this.log.info(line);
    this.follow(subject);
    this.panel.showDerivation(out.payload);
    if (options.focus !== false) this.panel.show({ section: 'gradients', preserveFocus: true });
    if (!options.notify) return;
    if (!out.ok) {
      void vscode.window.showWarningMessage(`Grad Lens: ${out.summary}`);
      return;
    }
    const latex = 'Copy as LaTeX';
    const numpy = 'Copy as NumPy';
    const copy = guard(this.log, 'copying the gradient', async (choice: string | undefined) => {
      const text = choice === latex ? out.latex : choice === numpy ? out.numpy : null;
      if (!text) return;
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(`Grad Lens: copied ${choice === latex ? 'LaTeX' : 'NumPy code'} to the clipboard`, 3000);
    });
    void vscode.window.showInformationMessage(`Grad Lens: ${out.summary}`, latex, numpy).then(copy);
  }
}
