import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { targetEditor, targetNotebook, type HostCommand } from './command';

/**
 * Checks the hand-written gradients in the selection, or in the whole file when nothing is
 * selected; in a notebook (from a cell, its context menu or the toolbar), in all of its code cells.
 */
export const checkGradients: HostCommand = {
  id: CommandId.checkGradients,
  async run(services, ...args) {
    const notebook = targetNotebook(services, args);
    if (notebook) {
      await services.checker.checkNotebook(notebook);
      return;
    }
    const editor = targetEditor(services);
    if (!editor) {
      void vscode.window.showInformationMessage('Grad Lens: open a file with a forward pass and hand-written gradients to check them.');
      return;
    }
    await services.checker.check(editor.document, editor.selection);
  },
};
