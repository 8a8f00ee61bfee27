/**
 * The tasks the worker runs (and the host runs itself if no worker can start). Each one
 * analyzes the text as the analyzer does, calls the core and returns plain data: the
 * panel's payload, the problems for diagnostics, lines for the output channel. vscode-free.
 */
import type * as Core from '../../core/index';
import { LIMITS, type JacobianEntry } from '../../protocol/messages';
import { fromCheckResult, fromDeriveResult, fromJacobianResult, toJacobianPayload } from '../panel/payloads';
import type {
  CheckOutput,
  CheckRequest,
  DeriveOutput,
  DeriveRequest,
  JacobianOutput,
  JacobianRequest,
  OutputOf,
  PlainProblem,
  TaskInput,
  TaskRequest,
  VariablesOutput,
} from './protocol';

export type CoreModule = typeof Core;

export async function runTask<R extends TaskRequest>(core: CoreModule, request: R, signal?: AbortSignal): Promise<OutputOf<R>> {
  const r: TaskRequest = request;
  switch (r.task) {
    case 'check':
      return (await check(core, r, signal)) as OutputOf<R>;
    case 'jacobian':
      return (await jacobian(core, r)) as OutputOf<R>;
    case 'derive':
      return (await derive(core, r)) as OutputOf<R>;
    case 'variables':
      return (await variables(core, r.input)) as OutputOf<R>;
    default: {
      const unknown: never = r;
      throw new Error(`unknown task ${JSON.stringify(unknown)}`);
    }
  }
}

function analyzeOptions(core: CoreModule, input: TaskInput): Core.AnalyzeOptions {
  return { language: core.languageFor(input.languageId), fileName: input.fileName, range: input.range, dims: input.dims, loopBudget: input.loopBudget, wasmDir: input.wasmDir, cells: input.cells };
}

const baseName = (fileName: string | undefined) => (fileName ?? 'untitled').split(/[\\/]/).pop() ?? 'untitled';
const plain = (p: Core.Problem): PlainProblem => ({ code: p.code, severity: p.severity, span: p.span, message: p.message, related: p.related });
const MARK = { correct: 'ok', wrong: 'WRONG', unchecked: 'unchecked' } as const;

async function check(core: CoreModule, request: CheckRequest, signal?: AbortSignal): Promise<CheckOutput> {
  const started = performance.now();
  const { input } = request;
  const result = await core.checkGradients(input.text, {
    ...analyzeOptions(core, input),
    signal,
    tfWasmDir: input.wasmDir,
    defaultBatch: request.defaultBatch,
    elementBudget: request.elementBudget,
    workBudget: request.workBudget,
    timeBudgetMs: request.timeBudgetMs,
  });
  const ms = performance.now() - started;
  const count = (v: Core.Verdict) => result.gradients.filter((g) => g.verdict === v).length;
  const counts = { correct: count('correct'), wrong: count('wrong'), unchecked: count('unchecked') };
  const c = result.check;
  const lines = input.range ? ` [lines ${result.analysis.lines.lineOf(input.range.start)}-${result.analysis.lines.lineOf(Math.max(input.range.start, input.range.end - 1))}]` : '';
  const log = [
    `check ${baseName(input.fileName)}${lines}: loss ${result.loss ?? '(none)'}; ${result.gradients.length} gradients: ${counts.correct} correct, ${counts.wrong} wrong, ${counts.unchecked} unchecked`,
    `  reference: ${c.precision} autodiff verified by float64 finite differences; rtol ${c.rtol}, atol ${c.atol} (relative to the largest entry)`,
    ...(c.autodiff ? [`  autodiff: ${c.autodiff}`] : []),
    `  timings: check ${c.ms} ms, with the analysis and the payloads ${ms.toFixed(0)} ms`,
    ...result.gradients.map((g) => `  ${result.analysis.lines.lineLabel(g.span.start)}: ${MARK[g.verdict]} ${g.message}`),
    ...result.problems.filter((p) => !p.code.startsWith('grad-')).map((p) => `  ${result.analysis.lines.lineLabel(p.span.start)}: ${p.severity} ${p.message}`),
  ];
  return {
    payload: fromCheckResult(result, request.doc),
    problems: result.problems.map(plain),
    counts,
    loss: result.loss,
    log,
    ms,
  };
}

async function variables(core: CoreModule, input: TaskInput): Promise<VariablesOutput> {
  const analysis = await core.analyze(input.text, analyzeOptions(core, input));
  return core.differentiable(analysis);
}

async function jacobian(core: CoreModule, request: JacobianRequest): Promise<JacobianOutput> {
  const started = performance.now();
  const analysis = await core.analyze(request.input.text, analyzeOptions(core, request.input));
  const vars = core.differentiable(analysis);
  const options = [...vars.inputs, ...vars.intermediates];
  if (!options.length) return { payload: null, wrt: null, ms: performance.now() - started };
  const wrt = request.wrt !== null && options.includes(request.wrt) ? request.wrt : options[0];
  const of = vars.loss ?? undefined;
  let payload;
  try {
    // The panel draws at most LIMITS.patternNonzeros: enumerating more would be wasted.
    const limit = request.pictures ? LIMITS.patternNonzeros : 0;
    const result = core.jacobianOf(analysis, { wrt, of, dims: request.input.dims, maxPatternEntries: limit, maxOpPatternEntries: Math.min(limit, 100_000) });
    payload = fromJacobianResult(core.evalDim, result, analysis.graph, analysis.lines, options);
    if (!request.pictures) {
      const drawing = (e: JacobianEntry): JacobianEntry => ({ ...e, patternNote: 'Drawing the sparsity picture…' });
      payload = { ...payload, chain: payload.chain && drawing(payload.chain), perOp: payload.perOp.map(drawing) };
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    payload = toJacobianPayload({ of: of ?? 'the output', wrt, wrtOptions: options, chain: null, perOp: [], message: `Grad Lens could not work out this Jacobian: ${reason}` });
  }
  return { payload, wrt, ms: performance.now() - started };
}

async function derive(core: CoreModule, request: DeriveRequest): Promise<DeriveOutput> {
  const started = performance.now();
  const analysis = await core.analyze(request.input.text, analyzeOptions(core, request.input));
  const vars = core.differentiable(analysis);
  const wrtOptions = [...vars.inputs, ...vars.intermediates];
  const { wrt } = request;
  const result: Core.DeriveResult | Core.DeriveError = vars.loss
    ? core.deriveFromGraph(analysis.graph, vars.loss, wrt, { dims: request.input.dims })
    : { ok: false, reason: 'input', error: 'no scalar loss was found: the code must end in a named scalar (loss, cost, E, L, J, …)' };
  const of = vars.loss ?? 'E';
  const payload = fromDeriveResult(result, { of, wrt, wrtOptions });
  const ms = performance.now() - started;
  const name = baseName(request.input.fileName);
  if (!result.ok) {
    const summary = payload.message ?? `Grad Lens could not derive ∂${of}/∂${wrt}`;
    return { payload, ok: false, summary, latex: null, numpy: null, log: [`derive ${name}: ∂${of}/∂${wrt}: ${result.reason} failure: ${result.error} (${ms.toFixed(0)} ms)`], ms };
  }
  const summary = `d${result.loss}/d${result.wrt} = ${result.gradient.text}`;
  const v = result.verified;
  const log = [
    `derive ${name}: ${summary} (${ms.toFixed(0)} ms)`,
    ...result.assumptions.map((a) => `  assuming ${a}`),
    `  verified against float64 finite differences: max relative error ${v.maxRelError.toExponential(1)} over ${v.checks} checks${v.reduced ? ' at reduced sizes' : ''}`,
    '  steps:',
    ...result.steps.map((s, i) => `    ${i + 1}. ${s.text}`),
  ];
  return { payload, ok: true, summary, latex: `${result.derivative.latex} = ${result.gradient.latex}`, numpy: result.gradient.numpy, log, ms };
}
