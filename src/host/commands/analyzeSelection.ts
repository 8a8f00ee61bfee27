import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { cellOf } from '../notebook/cells';
import type { HostCommand } from './command';

/** Analyzes the statements the selection touches; with nothing selected, the whole file. */
export const analyzeSelection: HostCommand = {
  id: CommandId.analyzeSelection,
  async run({ analyzer, notebooks }) {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Grad Lens: open a file and select model code to analyze.');
      return;
    }
    // In a notebook the program is all of its code cells: the whole notebook is analysed again.
    const cell = cellOf(editor.document);
    if (cell) await notebooks.analyze(cell.notebook, 'command');
    else await analyzer.analyze(editor.document, 'command', editor.selection);
  },
};
