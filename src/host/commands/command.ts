import * as vscode from 'vscode';
import type { Analyzer } from '../analyzer';
import type { CommandId } from '../commandIds';
import type { Log } from '../log';

/** What a command may use; built once in activate(). */
export interface HostServices {
  analyzer: Analyzer;
  log: Log;
}

export interface HostCommand {
  id: CommandId;
  run(services: HostServices): unknown;
}

/** A command whose feature lands later: registered now so the palette and menus are stable. */
export function notAvailableYet(id: CommandId, title: string): HostCommand {
  return {
    id,
    run: () => void vscode.window.showInformationMessage(`Grad Lens: ${title} is not available yet.`),
  };
}
