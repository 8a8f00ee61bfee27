import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { fileSubject, notebookSubject } from '../subject';
import { selectionSpan } from '../workers';
import { targetEditor, targetNotebook, type HostCommand } from './command';

/**
 * Asks for the variable, then derives the loss's gradient with respect to it in matrix
 * notation; in a notebook, of the loss its code cells compute.
 */
export const deriveGradient: HostCommand = {
  id: CommandId.deriveGradient,
  async run(services, ...args) {
    const notebook = targetNotebook(services, args);
    if (notebook) {
      await services.deriver.pickAndDerive(notebookSubject(notebook));
      return;
    }
    const editor = targetEditor(services);
    if (!editor) {
      void vscode.window.showInformationMessage('Grad Lens: open model code or notes in math notation that end in a scalar loss to derive its gradient.');
      return;
    }
    await services.deriver.pickAndDerive(fileSubject(editor.document), selectionSpan(editor.document, editor.selection));
  },
};
