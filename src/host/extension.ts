import * as vscode from 'vscode';
import { Analyzer } from './analyzer';
import { quickFixes, quickFixMetadata } from './codeActions';
import { COMMANDS } from './commands/index';
import type { HostServices } from './commands/command';
import { shapeHover } from './hover';
import { ANALYZED_LANGUAGES } from './languages';
import { createLog, guard } from './log';
import { OnType } from './onType';
import { StatusBar } from './statusBar';

/**
 * Registers everything and returns; the core (parser, tfjs) loads on the first analysis.
 * Keep this cheap: it runs when a Python or Markdown file opens.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = createLog();
  const analyzer = new Analyzer(log);
  const services: HostServices = { analyzer, log };
  const analyzed = ANALYZED_LANGUAGES.map((language) => ({ language }));
  context.subscriptions.push(
    log,
    analyzer,
    ...COMMANDS.map((command) => vscode.commands.registerCommand(command.id, guard(log, command.id, () => command.run(services)))),
    vscode.languages.registerHoverProvider(analyzed, shapeHover(analyzer, log)),
    // Any language: Analyze Selection works on every document, and so must its fixes.
    vscode.languages.registerCodeActionsProvider('*', quickFixes(analyzer, log), quickFixMetadata),
    new StatusBar(analyzer, log),
    new OnType(analyzer, log),
  );
  // VS Code's own figure (Developer: Show Running Extensions) adds loading this bundle.
  log.info(`activate() took ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {}
