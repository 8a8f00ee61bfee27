/**
 * The Grad Lens panel, for activate(): one call registers the controller and the
 * serializer that brings the panel back after a window reload.
 */
import * as vscode from 'vscode';
import { PANEL_VIEW_TYPE, PanelController, type PanelDeps } from './controller';
import { revealInEditor } from './reveal';

export { PANEL_VIEW_TYPE, PanelController, type PanelDeps, type PanelProgress } from './controller';
export { revealInEditor, type RevealRequest } from './reveal';
export * from './payloads';

/**
 * Registers the panel. Row clicks reveal the code through `deps.reveal` (by default the
 * document is shown with the code selected); the controller is disposed with the extension.
 * package.json needs "onWebviewPanel:gradLens.panel" in activationEvents for the restore.
 */
export function registerPanel(context: vscode.ExtensionContext, deps: PanelDeps): PanelController {
  const controller = new PanelController(context.extensionUri, { reveal: revealInEditor, ...deps });
  context.subscriptions.push(
    controller,
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => controller.restore(panel, state),
    }),
  );
  return controller;
}
