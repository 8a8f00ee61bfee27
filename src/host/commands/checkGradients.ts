import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { targetEditor, type HostCommand } from './command';

/** Checks the hand-written gradients in the selection, or in the whole file when nothing is selected. */
export const checkGradients: HostCommand = {
  id: CommandId.checkGradients,
  async run(services) {
    const editor = targetEditor(services);
    if (!editor) {
      void vscode.window.showInformationMessage('Grad Lens: open a file with a forward pass and hand-written gradients to check them.');
      return;
    }
    await services.checker.check(editor.document, editor.selection);
  },
};
