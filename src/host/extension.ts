import * as vscode from 'vscode';
import { Analyzer } from './analyzer';
import { GradientChecker } from './checker';
import { quickFixes, quickFixMetadata, showInPanel } from './codeActions';
import { COMMANDS } from './commands/index';
import type { HostServices } from './commands/command';
import { Deriver } from './deriver';
import { shapeHover } from './hover';
import { ShapeInlayHints } from './inlayHints';
import { ANALYZED_LANGUAGES } from './languages';
import { createLog, guard } from './log';
import { NotebookAnalyzer } from './notebook/analyzer';
import { NotebookOnType } from './notebook/onType';
import { OnType } from './onType';
import { registerPanel } from './panel/index';
import { PanelSync } from './panelSync';
import { StatusBar } from './statusBar';
import { createWorkers } from './workers';

/**
 * Registers everything and returns; the core (parser, tfjs) loads on the first analysis,
 * and the worker threads for checks, derivations and Jacobians on their first task.
 * Keep this cheap: it runs when a Python or Markdown file or a Jupyter notebook opens.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = createLog();
  const analyzer = new Analyzer(log);
  const notebooks = new NotebookAnalyzer(log);
  const panel = registerPanel(context, { log: (message) => log.info(message) });
  const workers = createWorkers(log);
  const checker = new GradientChecker(workers, panel, log);
  let sync: PanelSync | undefined;
  const deriver = new Deriver(workers, panel, log, (subject) => sync?.follow(subject));
  sync = new PanelSync(analyzer, notebooks, panel, workers, log, (subject, wrt, focus) => deriver.rederive(subject, wrt, focus));
  const services: HostServices = { analyzer, log, panel, sync, checker, deriver, notebooks };
  const analyzed = ANALYZED_LANGUAGES.map((language) => ({ language }));
  const inlayHints = new ShapeInlayHints(analyzer, notebooks, log);
  context.subscriptions.push(
    log,
    analyzer,
    notebooks,
    workers,
    checker,
    sync,
    ...COMMANDS.map((command) =>
      vscode.commands.registerCommand(
        command.id,
        guard(log, command.id, (...args: unknown[]) => command.run(services, ...args)),
      ),
    ),
    vscode.languages.registerHoverProvider(analyzed, shapeHover(analyzer, notebooks, log)),
    inlayHints,
    vscode.languages.registerInlayHintsProvider(analyzed, inlayHints),
    // Any language: Analyze Selection works on every document, and so must its fixes.
    vscode.languages.registerCodeActionsProvider('*', quickFixes(analyzer, log), quickFixMetadata),
    vscode.languages.registerCodeActionsProvider('*', showInPanel(log), quickFixMetadata),
    new StatusBar(analyzer, notebooks, log),
    new OnType(analyzer, log),
    new NotebookOnType(notebooks, log),
  );
  // VS Code's own figure (Developer: Show Running Extensions) adds loading this bundle.
  log.info(`activate() took ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {}
