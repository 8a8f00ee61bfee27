import { analyze, type AnalyzeOptions, languageFor, LineIndex } from '../core/index';
import { type ParsedArgs, parseDims, parseLines, UsageError } from './args';
import { readSource } from './io';
import { analysisJson, analysisText } from './report';

export interface CommandResult {
  stdout: string;
  exitCode: number;
}

/** Options shared by `analyze` and `check`: the file, the line range and the dims. */
export async function analyzeFromArgs(args: ParsedArgs, wasmDir: string | undefined) {
  const file = args.positional[0];
  if (!file) throw new UsageError('missing FILE');
  const text = readSource(file);
  const lines = new LineIndex(text);
  const range = parseLines(args.flags.get('lines')?.[0]);
  const options: AnalyzeOptions = {
    language: languageFor(file),
    fileName: file,
    dims: parseDims(args.flags.get('dims')),
    wasmDir,
    range: range ? { start: lines.lineStart(range.start), end: lines.lineEnd(range.end) } : undefined,
  };
  return { file, text, options, analysis: await analyze(text, options) };
}

export async function analyzeCommand(args: ParsedArgs, wasmDir: string | undefined): Promise<CommandResult> {
  const { file, analysis } = await analyzeFromArgs(args, wasmDir);
  const exitCode = analysis.problems.some((p) => p.severity === 'error') ? 1 : 0;
  const stdout = args.flags.has('json') ? JSON.stringify(analysisJson(file, analysis)) : analysisText(file, analysis);
  return { stdout, exitCode };
}
