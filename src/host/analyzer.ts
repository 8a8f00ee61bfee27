import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Analysis, LineIndex, Problem, Span } from '../core/index';
import { readConfig } from './config';
import { loadCore, wasmDir } from './core';
import { toDiagnostic, type ToRange } from './diagnostics';
import { LatestRuns } from './latestRuns';
import { describeError, guard, type Log } from './log';

export type Trigger = 'command' | 'type' | 'open' | 'settings';

/** The latest analysis of one document, and the diagnostics made from it. */
export interface DocResult {
  /** The document version the analysis read; offsets in it are offsets into that text. */
  version: number;
  /** Undefined when the analysis failed (the failure is then the only entry). */
  analysis: Analysis | undefined;
  /** Each diagnostic with the problem it came from, for the quick fixes. */
  entries: { diagnostic: vscode.Diagnostic; problem: Problem }[];
  toRange: ToRange;
  ms: number;
  /** The selection the analysis was restricted to (offsets into the analyzed text), if any. */
  range: Span | undefined;
}

const keyOf = (doc: vscode.TextDocument): string => doc.uri.toString();

/**
 * Runs the core over documents and publishes one DiagnosticCollection, refreshed per
 * document. Only a document's latest run may publish (LatestRuns).
 */
export class Analyzer implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('grad-lens');
  private readonly results = new Map<string, DocResult>();
  private readonly runs: LatestRuns<DocResult>;
  private readonly analyzed = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires after a document's diagnostics were replaced (or cleared when it closed). */
  readonly onDidAnalyze = this.analyzed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly log: Log) {
    this.runs = new LatestRuns((key, err) => log.error(`publishing the analysis of ${vscode.Uri.parse(key).fsPath} failed: ${describeError(err)}`));
    this.disposables = [
      this.collection,
      this.analyzed,
      vscode.workspace.onDidCloseTextDocument(guard(log, 'closing a document', (doc) => this.forget(doc))),
    ];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** The latest published result, possibly of an older version (fine for a summary). */
  latest(doc: vscode.TextDocument): DocResult | undefined {
    return this.results.get(keyOf(doc));
  }

  /** The latest result, if it read the document's current version (needed to use its offsets). */
  current(doc: vscode.TextDocument): DocResult | undefined {
    const result = this.latest(doc);
    return result && result.version === doc.version ? result : undefined;
  }

  /** As `current`, after the analysis under way (if any) has finished. */
  async settled(doc: vscode.TextDocument): Promise<DocResult | undefined> {
    await this.runs.settled(keyOf(doc));
    return this.current(doc);
  }

  isRunning(doc: vscode.TextDocument): boolean {
    return this.runs.isRunning(keyOf(doc));
  }

  /** Marks the analyses under way as stale: the document changed and a newer one will follow. */
  supersede(doc: vscode.TextDocument): void {
    this.runs.supersede(keyOf(doc));
  }

  /** Analyzes the whole text, restricted to the statements the selection overlaps if there is one. */
  analyze(doc: vscode.TextDocument, trigger: Trigger, selection?: vscode.Range): Promise<DocResult | undefined> {
    return this.runs.start(keyOf(doc), (isLatest) => this.run(doc, trigger, isLatest, selection));
  }

  private async run(doc: vscode.TextDocument, trigger: Trigger, isLatest: () => boolean, selection?: vscode.Range): Promise<DocResult | undefined> {
    const started = performance.now();
    const version = doc.version;
    const text = doc.getText();
    const range: Span | undefined =
      selection && !selection.isEmpty ? { start: doc.offsetAt(selection.start), end: doc.offsetAt(selection.end) } : undefined;
    const name = basename(doc.uri.path);
    let analysis: Analysis | undefined;
    let problems: Problem[];
    try {
      const core = await loadCore(this.log);
      const config = readConfig(doc.uri);
      analysis = await core.analyze(text, {
        language: core.languageFor(doc.languageId),
        fileName: doc.fileName,
        range,
        dims: config.dims,
        loopBudget: config.loopBudget,
        wasmDir,
      });
      problems = analysis.problems;
      // The core reports its own failures as problems; they belong in the log too.
      for (const p of problems) if (p.code === 'internal-error') this.log.error(`analysis of ${name}: ${p.message}`);
    } catch (err) {
      this.log.error(`analysis of ${name} failed: ${describeError(err)}`);
      problems = [failure(err, range ?? firstLine(text))];
    }
    const key = keyOf(doc);
    if (!isLatest() || doc.isClosed) return undefined; // a newer run owns the document

    // Offsets are into the text that was read; if the user typed since, map them through it.
    const lines = doc.version === version ? undefined : analysis?.lines;
    const toRange: ToRange = lines
      ? (s) => new vscode.Range(at(lines, s.start), at(lines, s.end))
      : (s) => new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end));
    const entries = problems.map((problem) => ({ problem, diagnostic: toDiagnostic(problem, doc.uri, toRange) }));
    const ms = performance.now() - started;
    const result: DocResult = { version, analysis, entries, toRange, ms, range };
    this.results.set(key, result);
    this.collection.set(doc.uri, entries.map((e) => e.diagnostic));
    this.log.info(
      `${name} v${version} [${trigger}${describeRange(selection)}]: ${ms.toFixed(1)} ms, ` +
        `${analysis?.layers.length ?? 0} layers, ${problems.length} problems`,
    );
    this.analyzed.fire(doc);
    return result;
  }

  private forget(doc: vscode.TextDocument): void {
    const key = keyOf(doc);
    this.runs.forget(key);
    this.results.delete(key);
    this.collection.delete(doc.uri);
    this.analyzed.fire(doc);
  }
}

function at(lines: LineIndex, offset: number): vscode.Position {
  const p = lines.position(offset);
  return new vscode.Position(p.line - 1, p.column - 1);
}

function firstLine(text: string): Span {
  const end = text.indexOf('\n');
  return { start: 0, end: end < 0 ? text.length : end };
}

function describeRange(selection?: vscode.Range): string {
  if (!selection || selection.isEmpty) return '';
  return ` lines ${selection.start.line + 1}-${selection.end.line + 1}`;
}

/** An internal failure, reported where the user asked for the analysis. */
function failure(err: unknown, span: Span): Problem {
  const reason = err instanceof Error ? err.message : String(err);
  return {
    code: 'internal-error',
    severity: 'warning',
    span,
    message: `Grad Lens could not analyze this (${reason.split('\n')[0]}); details are in the Grad Lens output channel.`,
    related: [],
  };
}
