import * as vscode from 'vscode';
import type { Analyzer } from '../analyzer';
import type { GradientChecker } from '../checker';
import type { CommandId } from '../commandIds';
import type { Deriver } from '../deriver';
import type { Log } from '../log';
import type { PanelController } from '../panel/index';
import type { PanelSync } from '../panelSync';

/** What a command may use; built once in activate(). */
export interface HostServices {
  analyzer: Analyzer;
  log: Log;
  panel: PanelController;
  /** Keeps the panel on the current document. */
  sync: PanelSync;
  checker: GradientChecker;
  deriver: Deriver;
}

export interface HostCommand {
  id: CommandId;
  /** `args` are what executeCommand passed (a code action's arguments); validate before use. */
  run(services: HostServices, ...args: unknown[]): unknown;
}

/**
 * The editor a command works on: the active one, or, while the focus is in the panel (no
 * active text editor), the visible editor of the document the panel follows.
 */
export function targetEditor(services: HostServices): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active) return active;
  const doc = services.sync.document;
  return doc ? vscode.window.visibleTextEditors.find((e) => e.document === doc) : undefined;
}
