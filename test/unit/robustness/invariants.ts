// What must hold for every input: the four core entry points end with a result or problems,
// every span lies inside the document, every quick fix is one non-overlapping edit set.
import { type Analysis, analyze, checkGradients, derive, deriveFromGraph, JacobianError, jacobianOf, opJacobians, type Problem } from '../../../src/core/index';
import { checkExitCode } from '../../../src/cli/check';
import type { Span } from '../../../src/core/ir/span';

/** How many checks ended with each command-line exit code, over every runAll (for the bench). */
export const exitCodes: Record<number, number> = {};

const SEVERITIES = new Set(['error', 'warning', 'info']);

export interface RunReport {
  /** Broken invariants, one line each (empty when everything held). */
  violations: string[];
  /** Problems the core raised about itself (internal-error): allowed, but each one is a bug to look at. */
  internal: string[];
  ms: { analyze: number; check: number; derive: number; jacobian: number };
  /** Calls made of the core's entry points. */
  runs: number;
}

function inside(s: Span, length: number): boolean {
  return Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= length;
}

/** Every problem well-formed and inside the document; fixes are edit sets that fit and do not overlap. */
export function problemViolations(where: string, problems: readonly Problem[], length: number): string[] {
  const out: string[] = [];
  for (const p of problems) {
    if (!inside(p.span, length)) out.push(`${where}: span ${p.span.start}-${p.span.end} outside the document (${length}) [${p.code}] ${p.message.slice(0, 80)}`);
    if (!SEVERITIES.has(p.severity)) out.push(`${where}: severity ${p.severity}`);
    if (typeof p.message !== 'string' || !p.message.trim()) out.push(`${where}: empty message [${p.code}]`);
    if (/\n\s+at .*:\d+:\d+/.test(p.message)) out.push(`${where}: a stack trace in a message [${p.code}]`);
    for (const r of p.related ?? []) if (!inside(r.span, length)) out.push(`${where}: related span ${r.span.start}-${r.span.end} outside the document [${p.code}]`);
    out.push(...fixViolations(where, p, length));
  }
  return out;
}

export function fixViolations(where: string, p: Problem, length: number): string[] {
  const out: string[] = [];
  for (const fix of p.fixes ?? []) {
    if (!fix.title || !Array.isArray(fix.edits) || fix.edits.length === 0) out.push(`${where}: a fix without a title or edits [${p.code}]`);
    const edits = [...fix.edits].sort((a, b) => a.span.start - b.span.start);
    edits.forEach((e, i) => {
      if (!inside(e.span, length)) out.push(`${where}: fix "${fix.title}" edits ${e.span.start}-${e.span.end}, outside the document`);
      if (typeof e.newText !== 'string') out.push(`${where}: fix "${fix.title}" has no replacement text`);
      if (i > 0 && e.span.start < edits[i - 1].span.end) out.push(`${where}: fix "${fix.title}" has overlapping edits`);
    });
  }
  return out;
}

function layerViolations(where: string, a: Analysis, length: number): string[] {
  const out: string[] = [];
  for (const l of a.layers) if (!inside(l.span, length)) out.push(`${where}: layer ${l.name} span outside the document`);
  for (const o of a.occurrences) if (!inside(o.span, length)) out.push(`${where}: occurrence ${o.name} span outside the document`);
  return out;
}

/** Names worth differentiating with respect to: float values the loss depends on, a few at most. */
function variablesOf(a: Analysis, loss: string): string[] {
  const lossId = a.graph.names.get(loss);
  if (lossId === undefined) return [];
  const out: string[] = [];
  for (const [name, id] of a.graph.names) {
    if (id < lossId && a.graph.nodes[id]?.dtype === 'float' && name !== loss) out.push(name);
  }
  return [out[0], out[out.length - 1]].filter((x, i, xs): x is string => x !== undefined && xs.indexOf(x) === i);
}

export interface RunOptions {
  check?: boolean;
  timeBudgetMs?: number;
  /** Pattern listing bounds for jacobianOf / opJacobians (the defaults enumerate up to a million nonzeros: seconds on conv nets). */
  maxPatternEntries?: number;
}

/** analyze, check, derive (from the graph) and jacobian (of the graph) on one text. */
export async function runAll(label: string, text: string, language: 'python' | 'math', options: RunOptions = {}): Promise<RunReport> {
  const violations: string[] = [];
  const internal: string[] = [];
  const ms = { analyze: 0, check: 0, derive: 0, jacobian: 0 };
  let runs = 1;
  const note = (where: string, problems: readonly Problem[]) => {
    violations.push(...problemViolations(`${label} ${where}`, problems, text.length));
    for (const p of problems) if (p.code === 'internal-error') internal.push(`${label} ${where}: ${p.message.slice(0, 160)}`);
  };

  let analysis: Analysis;
  let t = performance.now();
  try {
    analysis = await analyze(text, { language });
  } catch (err) {
    violations.push(`${label} analyze threw: ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
    return { violations, internal, ms, runs };
  }
  ms.analyze = performance.now() - t;
  note('analyze', analysis.problems);
  violations.push(...layerViolations(`${label} analyze`, analysis, text.length));

  let loss: string | null = null;
  if (options.check !== false) {
    runs++;
    t = performance.now();
    try {
      const r = await checkGradients(text, { language, timeBudgetMs: options.timeBudgetMs ?? 3000 });
      note('check', r.problems);
      loss = r.loss;
      for (const g of r.gradients) {
        if (!inside(g.span, text.length)) violations.push(`${label} check: verdict ${g.name} span outside the document`);
        if (!['correct', 'wrong', 'unchecked'].includes(g.verdict)) violations.push(`${label} check: verdict ${g.verdict}`);
        if (!g.message) violations.push(`${label} check: verdict ${g.name} without a message`);
      }
      // The command line's exit code: 0 only when something was checked, nothing is wrong and nothing is an error.
      const code = checkExitCode(r);
      const clean = r.gradients.some((g) => g.verdict === 'correct') && !r.gradients.some((g) => g.verdict === 'wrong') && ![...r.analysis.problems, ...r.problems].some((p) => p.severity === 'error');
      if (code !== (clean ? 0 : 1)) violations.push(`${label} check: exit code ${code}, the rule says ${clean ? 0 : 1}`);
      exitCodes[code] = (exitCodes[code] ?? 0) + 1;
    } catch (err) {
      violations.push(`${label} check threw: ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
    }
    ms.check = performance.now() - t;
  }

  const lossName = loss ?? [...analysis.graph.names.keys()].pop();
  if (lossName) {
    for (const wrt of variablesOf(analysis, lossName)) {
      runs += 2;
      t = performance.now();
      try {
        const d = deriveFromGraph(analysis.graph, lossName, wrt);
        if (!d.ok && !d.error) violations.push(`${label} derive ${lossName}/${wrt}: an error without a message`);
      } catch (err) {
        violations.push(`${label} derive ${lossName}/${wrt} threw: ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
      }
      ms.derive = Math.max(ms.derive, performance.now() - t);
      t = performance.now();
      try {
        jacobianOf(analysis, { wrt, of: lossName, maxPatternEntries: options.maxPatternEntries, maxOpPatternEntries: options.maxPatternEntries });
      } catch (err) {
        if (!(err instanceof JacobianError)) violations.push(`${label} jacobian ${lossName}/${wrt} threw: ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
      }
      ms.jacobian = Math.max(ms.jacobian, performance.now() - t);
    }
  }
  runs++;
  t = performance.now();
  try {
    opJacobians(analysis, { maxPatternEntries: options.maxPatternEntries });
  } catch (err) {
    violations.push(`${label} opJacobians threw: ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
  }
  ms.jacobian = Math.max(ms.jacobian, performance.now() - t);
  return { violations, internal, ms, runs };
}

/** derive and jacobian of one math-notation expression string (the CLI's EXPR). */
export function runExpression(label: string, expr: string, shapes: Record<string, (number | string)[]>, wrt: string): string[] {
  const out: string[] = [];
  try {
    const d = derive(expr, { wrt, shapes });
    if (!d.ok && !d.error) out.push(`${label} derive: an error without a message`);
  } catch (err) {
    out.push(`${label} derive threw: ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
  }
  try {
    const cols: Record<string, (number | string)[]> = {};
    for (const [k, v] of Object.entries(shapes)) cols[k] = v.length === 1 ? [v[0], 1] : v;
    jacobianOf(expr, { wrt, shapes: cols });
  } catch (err) {
    if (!(err instanceof JacobianError)) out.push(`${label} jacobian threw: ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
  }
  return out;
}
