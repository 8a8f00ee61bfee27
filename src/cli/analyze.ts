import { type Analysis, analyze, analyzeNotebook, type AnalyzeOptions, type CellNote, LineIndex, problem, type Problem } from '../core/index';
import { type ParsedArgs, parseDims, parseLines, UsageError } from './args';
import { analysisJson, analysisText, type Report } from './report';
import { readInput, refuseLinesInNotebook } from './source';

export interface CommandResult {
  stdout: string;
  exitCode: number;
}

export interface Analyzed extends Report {
  /** The text the code analysis read (a notebook's code cells joined) and how: what a check reads again. */
  text: string;
  options: AnalyzeOptions;
  /** Why the file could not be read (a notebook that is not valid JSON): an error on the file, nothing else to report. */
  unreadable: Problem | null;
}

/** Options shared by `analyze` and `check`: the file, the line range and the dims. */
export async function analyzeFromArgs(args: ParsedArgs, wasmDir: string | undefined): Promise<Analyzed> {
  const file = args.positional[0];
  if (!file) throw new UsageError('missing FILE');
  const source = readInput(file);
  const range = parseLines(args.flags.get('lines')?.[0]);
  refuseLinesInNotebook(source, range);
  const dims = parseDims(args.flags.get('dims'));
  if (source.kind === 'unreadable') {
    const options: AnalyzeOptions = { language: 'python', fileName: file, dims, wasmDir };
    return { file, text: '', options, analysis: await analyze('', options), notes: [], unreadable: problem('syntax-error', 'error', { start: 0, end: 0 }, source.error) };
  }
  if (source.kind === 'notebook') {
    const notebook = await analyzeNotebook(source.cells, { fileName: file, dims, wasmDir });
    // Without code cells the code is empty: nothing in it to place in a cell.
    const options: AnalyzeOptions = { language: 'python', fileName: file, dims, wasmDir, ...(notebook.code ? { cells: source.layout } : {}) };
    const analysis: Analysis = notebook.code?.analysis ?? (await analyze(source.text, options));
    return { file, text: source.text, options, analysis, notes: notebook.notes, unreadable: null };
  }
  const lines = new LineIndex(source.text);
  const options: AnalyzeOptions = {
    language: source.language,
    fileName: file,
    dims,
    wasmDir,
    range: range ? { start: lines.lineStart(range.start), end: lines.lineEnd(range.end) } : undefined,
  };
  return { file, text: source.text, options, analysis: await analyze(source.text, options), notes: [], unreadable: null };
}

/** The report of a file that could not be read: its one problem, at its start. */
export function unreadableResult(analyzed: Analyzed, json: boolean): CommandResult | null {
  const { unreadable, file } = analyzed;
  if (!unreadable) return null;
  return { stdout: json ? JSON.stringify(analysisJson(analyzed, [unreadable])) : analysisText(analyzed, [unreadable]), exitCode: 1 };
}

export async function analyzeCommand(args: ParsedArgs, wasmDir: string | undefined): Promise<CommandResult> {
  const analyzed = await analyzeFromArgs(args, wasmDir);
  const json = args.flags.has('json');
  const unreadable = unreadableResult(analyzed, json);
  if (unreadable) return unreadable;
  const all = [analyzed.analysis, ...analyzed.notes.map((n) => n.analysis)];
  const exitCode = all.some((a) => a.problems.some((p) => p.severity === 'error')) ? 1 : 0;
  const stdout = json ? JSON.stringify(analysisJson(analyzed)) : analysisText(analyzed);
  return { stdout, exitCode };
}
