import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { targetEditor, type HostCommand } from './command';

/** Asks for the variable, then derives the loss's gradient with respect to it in matrix notation. */
export const deriveGradient: HostCommand = {
  id: CommandId.deriveGradient,
  async run(services) {
    const editor = targetEditor(services);
    if (!editor) {
      void vscode.window.showInformationMessage('Grad Lens: open model code or notes in math notation that end in a scalar loss to derive its gradient.');
      return;
    }
    await services.deriver.pickAndDerive(editor.document, editor.selection);
  },
};
