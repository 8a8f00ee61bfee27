import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { CellLayout, Span } from '../core/index';
import { readConfig } from './config';
import { loadCore, wasmDir } from './core';
import type { Log } from './log';
import { TaskRunner } from './worker/client';
import type { TaskInput } from './worker/protocol';
import { runTask } from './worker/tasks';

/**
 * Two workers: one for gradient checks (cancelling one terminates it, so nothing else
 * should queue behind it) and one for the panel's work (Jacobians as the code changes,
 * derivations), which must not wait for a long check.
 */
export interface Workers extends vscode.Disposable {
  check: TaskRunner;
  panel: TaskRunner;
}

export function createWorkers(log: Log): Workers {
  const runner = (name: string) =>
    new TaskRunner({
      name,
      spawn: () => new Worker(join(__dirname, 'worker.js')),
      inProcess: async (request, signal) => runTask(await loadCore(log), request, signal),
      log: (level, message) => log[level](message),
    });
  const check = runner('the check worker');
  const panel = runner('the panel worker');
  return {
    check,
    panel,
    dispose() {
      check.dispose();
      panel.dispose();
    },
  };
}

/** What a task analyzes: the document's text, restricted to `range` (offsets) if given. */
export function taskInput(doc: vscode.TextDocument, range?: Span, text = doc.getText()): TaskInput {
  const config = readConfig(doc.uri);
  return { text, languageId: doc.languageId, fileName: doc.fileName, range, dims: config.dims, loopBudget: config.loopBudget, wasmDir };
}

/** What a task analyzes for a notebook: its code cells joined (joinCodeCells), and where each cell is. */
export function notebookTaskInput(notebook: vscode.NotebookDocument, text: string, cells: CellLayout): TaskInput {
  return { text, languageId: 'python', fileName: notebook.uri.fsPath, dims: readConfig(notebook.uri).dims, wasmDir, cells };
}

/** The selection as offsets, or undefined when nothing is selected. */
export function selectionSpan(doc: vscode.TextDocument, selection: vscode.Selection | undefined): Span | undefined {
  return selection && !selection.isEmpty ? { start: doc.offsetAt(selection.start), end: doc.offsetAt(selection.end) } : undefined;
}
