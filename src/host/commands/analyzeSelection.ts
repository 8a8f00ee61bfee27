import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import type { HostCommand } from './command';

/** Analyzes the statements the selection touches; with nothing selected, the whole file. */
export const analyzeSelection: HostCommand = {
  id: CommandId.analyzeSelection,
  async run({ analyzer }) {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Grad Lens: open a file and select model code to analyze.');
      return;
    }
    await analyzer.analyze(editor.document, 'command', editor.selection);
  },
};
