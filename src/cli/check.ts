import { checkGradients, type CheckResult, type GradientVerdict, type Problem } from '../core/index';
import { type Analyzed, analyzeFromArgs, type CommandResult, unreadableResult } from './analyze';
import type { ParsedArgs } from './args';
import { analysisJson, type Places, placeOf, problemLines, problemRows, type Report, where } from './report';

export function gradientJson(g: GradientVerdict, places: Places) {
  const num = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);
  const at = placeOf(places, g.span.start);
  return {
    name: g.name,
    wrt: g.wrt,
    ...(at.cell === undefined ? {} : { cell: at.cell }),
    line: at.line,
    verdict: g.verdict,
    mistake: g.mistake,
    factor: num(g.factor),
    maxAbsError: num(g.maxAbsError),
    maxRelError: num(g.maxRelError),
    message: g.message,
    ...(g.worst ? { worst: g.worst } : {}),
  };
}

/** The report of a check: the analysis it made (for a notebook, with the notes of its markdown cells). */
function checkReport(file: string, result: CheckResult, notes: Report['notes'] = []): Report {
  return { file, analysis: result.analysis, notes };
}

/** The `check --json` contract: the analyze object, its problems joined by the check's, plus loss, gradients and check. */
export function checkJson(file: string, result: CheckResult, notes: Report['notes'] = []) {
  const report = checkReport(file, result, notes);
  return {
    ...analysisJson(report, result.problems),
    loss: result.loss,
    gradients: result.gradients.map((g) => gradientJson(g, { lines: result.analysis.lines })),
    check: result.check,
  };
}

/**
 * 0 when at least one gradient was checked, none is wrong and no problem is an error; else 1
 * (a wrong gradient, an error, or nothing checked: no loss, no hand-written gradient, every
 * one unchecked). A check that could not run at all (bad arguments, unreadable file) never
 * gets here: the command line exits 2 for it.
 */
export function checkExitCode(result: CheckResult): number {
  const all: Problem[] = [...result.analysis.problems, ...result.problems];
  if (result.gradients.some((g) => g.verdict === 'wrong') || all.some((p) => p.severity === 'error')) return 1;
  return result.gradients.some((g) => g.verdict === 'correct') ? 0 : 1;
}

const MARK: Record<GradientVerdict['verdict'], string> = { correct: 'ok', wrong: 'WRONG', unchecked: 'unchecked' };

export function checkText(file: string, result: CheckResult, notes: Report['notes'] = []): string {
  const count = (v: GradientVerdict['verdict']) => result.gradients.filter((g) => g.verdict === v).length;
  const c = result.check;
  const out = [
    `${file}: loss ${result.loss ?? '(none)'}; ${result.gradients.length} gradients: ${count('correct')} correct, ${count('wrong')} wrong, ${count('unchecked')} unchecked`,
    `reference: ${c.precision} autodiff verified by float64 finite differences; rtol ${c.rtol}, atol ${c.atol} (relative to the largest entry); ${c.ms} ms`,
  ];
  if (c.autodiff) out.push(`autodiff: ${c.autodiff}`);
  if (result.gradients.length) out.push('');
  for (const g of result.gradients) out.push(`${where(file, placeOf({ lines: result.analysis.lines }, g.span.start))}: ${MARK[g.verdict]} ${g.message}`);
  const others = problemRows(checkReport(file, result, notes), result.problems.filter((p) => !p.code.startsWith('grad-')));
  if (others.length) out.push('', ...problemLines(file, others));
  return out.join('\n');
}

export async function checkCommand(args: ParsedArgs, wasmDir: string | undefined): Promise<CommandResult> {
  const analyzed: Analyzed = await analyzeFromArgs(args, wasmDir);
  const json = args.flags.has('json');
  const unreadable = unreadableResult(analyzed, json);
  if (unreadable) return unreadable;
  const { file, text, options, notes } = analyzed;
  const result = await checkGradients(text, { ...options, tfWasmDir: wasmDir });
  const stdout = json ? JSON.stringify(checkJson(file, result, notes)) : checkText(file, result, notes);
  return { stdout, exitCode: checkExitCode(result) };
}
