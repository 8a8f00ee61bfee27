import { checkGradients } from '../core/check/index';
import type { CheckResult, GradientVerdict } from '../core/check/types';
import type { Problem } from '../core/ir/problem';
import { analyzeFromArgs, type CommandResult } from './analyze';
import type { ParsedArgs } from './args';
import { analysisJson, problemJson } from './report';

export function gradientJson(g: GradientVerdict) {
  const num = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);
  return {
    name: g.name,
    wrt: g.wrt,
    line: g.line,
    verdict: g.verdict,
    mistake: g.mistake,
    factor: num(g.factor),
    maxAbsError: num(g.maxAbsError),
    maxRelError: num(g.maxRelError),
    message: g.message,
    ...(g.worst ? { worst: g.worst } : {}),
  };
}

/** The `check --json` contract: the analyze object, its problems joined by the check's, plus loss, gradients and check. */
export function checkJson(file: string, result: CheckResult) {
  const base = analysisJson(file, result.analysis);
  const problems = [...result.analysis.problems, ...result.problems].sort((a, b) => a.span.start - b.span.start);
  return {
    ...base,
    problems: problems.map((p) => problemJson(p, result.analysis.lines)),
    loss: result.loss,
    gradients: result.gradients.map(gradientJson),
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

export function checkText(file: string, result: CheckResult): string {
  const count = (v: GradientVerdict['verdict']) => result.gradients.filter((g) => g.verdict === v).length;
  const c = result.check;
  const out = [
    `${file}: loss ${result.loss ?? '(none)'}; ${result.gradients.length} gradients: ${count('correct')} correct, ${count('wrong')} wrong, ${count('unchecked')} unchecked`,
    `reference: ${c.precision} autodiff verified by float64 finite differences; rtol ${c.rtol}, atol ${c.atol} (relative to the largest entry); ${c.ms} ms`,
  ];
  if (result.gradients.length) out.push('');
  for (const g of result.gradients) out.push(`${file}:${g.line}: ${MARK[g.verdict]} ${g.message}`);
  const others = [...result.analysis.problems, ...result.problems.filter((p) => !p.code.startsWith('grad-'))];
  if (others.length) {
    out.push('');
    for (const p of others) {
      const pos = result.analysis.lines.position(p.span.start);
      out.push(`${file}:${pos.line}:${pos.column}: ${p.severity} [${p.code}] ${p.message}`);
    }
  }
  return out.join('\n');
}

export async function checkCommand(args: ParsedArgs, wasmDir: string | undefined): Promise<CommandResult> {
  const { file, text, options } = await analyzeFromArgs(args, wasmDir);
  const result = await checkGradients(text, { ...options, tfWasmDir: wasmDir });
  const stdout = args.flags.has('json') ? JSON.stringify(checkJson(file, result)) : checkText(file, result);
  return { stdout, exitCode: checkExitCode(result) };
}
