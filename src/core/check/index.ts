import type { Analysis } from '../analysis';
import { analyze } from '../analyze';
import type { Graph, NodeId } from '../ir/graph';
import { type Problem, problem, type RelatedInfo } from '../ir/problem';
import { type Span, spansOverlap } from '../ir/span';
import type { Stmt } from '../ir/program';
import { type Budget, checkBudget, checkWork, DEFAULT_ELEMENT_BUDGET, DEFAULT_WORK_BUDGET, NumericEnv } from '../numeric/env';
import { F64Evaluator } from '../numeric/f64/evaluate';
import { ancestors, differentiableAncestors } from '../numeric/graph-walk';
import { leafValues } from '../numeric/leaves';
import { Rng } from '../numeric/prng';
import { allFinite, type F64Tensor, shapesEqual } from '../numeric/tensor';
import { describeRuntime, loadTf, type TfRuntime } from '../numeric/tfjs/load';
import { NumericError } from '../numeric/walk';
import { close, COMPARE_TOLERANCES, type Diagnosis, diagnose, errors } from './compare';
import { batchOnlyMessage, batchOnlyReason } from './batch';
import { checkDerivations } from './chains';
import { Deadline } from './deadline';
import { factorContext, type FactorContext } from './factor';
import { Explainer } from './explain';
import { correctAtMessage, correctMessage, mistakeMessage } from './messages';
import { firstNonFinite, nonFiniteMessage } from './numerics';
import { describeChanges, reduceSizes } from './reduce';
import { confirmByFd, GradientsOnDemand, LossFunction, type Reference, referenceGradients } from './reference';
import { type GradientSite, planGradients, type Version } from './sites';
import type { CheckOptions, CheckResult, GradientVerdict } from './types';

export type { CheckOptions, CheckResult, GradientVerdict, Mistake, Verdict, WorstElement } from './types';

const DEFAULT_TIME_BUDGET_MS = 60_000;

/** Largest wrong gradient whose full values a verdict carries (for the panel's heat map). */
export const MAX_VALUES_ELEMENTS = 4096;

/**
 * Checks hand-written gradients: finds the loss and every gradient the code computes by
 * hand, evaluates that code in float64, and compares each gradient with TensorFlow.js
 * autodiff (itself verified by float64 finite differences), naming the mistake when there
 * is one. Every verdict is also a Problem on the gradient's line.
 */
export async function checkGradients(text: string, given: CheckOptions): Promise<CheckResult> {
  // A note's `?` is its batch ("? = number of images in batch"): a size given for N sets it.
  const dims = given.dims;
  const options = given.language === 'math' && dims?.N !== undefined && dims['?'] === undefined ? { ...given, dims: { ...dims, '?': dims.N } } : given;
  const deadline = new Deadline(options.signal, options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS);
  deadline.check();
  const analysis = await analyze(text, options);
  deadline.check();
  const run = new CheckRun(analysis, options, deadline);
  await run.execute();
  await explainBatchOnly(run, analysis, options, deadline);
  if (!deadline.expired) run.addDerivationVerdicts(checkDerivations(analysis, options).filter((v) => !options.range || spansOverlap(v.span, options.range)));
  return {
    analysis,
    loss: run.lossName,
    gradients: run.verdicts,
    problems: run.problems,
    check: { precision: run.precision, rtol: COMPARE_TOLERANCES.rtol, atol: COMPARE_TOLERANCES.atol, ms: Math.round(deadline.elapsed), autodiff: run.autodiff },
  };
}

/**
 * A gradient wrong at the default batch size is checked again with every defaulted size
 * set to 1; right there, it holds only for one sample, and its verdict says so.
 */
async function explainBatchOnly(run: CheckRun, analysis: Analysis, options: CheckOptions, deadline: Deadline): Promise<void> {
  const wrong = run.verdicts.filter((v) => v.verdict === 'wrong' && v.mistake === 'wrong');
  const symbols = run.defaultedSymbols();
  if (!wrong.length || !symbols.length || deadline.expired) return;
  const single = new CheckRun(analysis, { ...options, dims: { ...options.dims, ...Object.fromEntries(symbols.map((s) => [s, 1])) } }, deadline);
  await single.execute();
  for (const v of wrong) {
    const one = single.verdicts.find((u) => u.name === v.name && u.span.start === v.span.start);
    if (one?.verdict !== 'correct') continue;
    const node = run.nodeOf(v);
    const reason = node === null ? null : batchOnlyReason(run.checkedGraph, node);
    run.rewrite(v, batchOnlyMessage(v.name, symbols, run.defaultBatch, v.maxAbsError, reason));
  }
}

interface Prepared {
  loss: NodeId | null;
  sites: GradientSite[];
  env: NumericEnv;
  variableNodes: NodeId[];
  /** Everything the check evaluates: the forward pass, the hand-written code, the variables. */
  needed: Set<NodeId>;
  /** The loss and what it depends on: what every probe evaluates again. */
  forward: Set<NodeId>;
}

interface Evaluated {
  site: GradientSite;
  version: Version;
  value: F64Tensor | null;
  error?: string;
}

class CheckRun {
  readonly verdicts: GradientVerdict[] = [];
  readonly problems: Problem[] = [];
  lossName: string | null = null;
  /** The first line whose value is NaN or inf in the forward pass, if any. */
  private nonFiniteLine: string | null = null;
  precision: 'float32' | 'float64' = 'float32';
  autodiff: string | undefined;
  /** The analysis's graph, or the same code traced again at reduced sizes. */
  private graph: Graph;
  private readonly byNode = new Map<NodeId, GradientVerdict>();
  /** The variable each hand gradient found correct is the gradient of (by its node). */
  private readonly correctOf = new Map<NodeId, NodeId>();
  /** Set once the forward and hand-written values are known. */
  private explainer: Explainer | null = null;
  private env: NumericEnv | null = null;

  constructor(
    readonly analysis: Analysis,
    readonly options: CheckOptions,
    readonly deadline: Deadline,
  ) {
    this.graph = analysis.graph;
  }

  /** Symbols that took the default batch size in this run. */
  defaultedSymbols(): string[] {
    return this.env ? [...this.env.defaulted] : [];
  }

  get defaultBatch(): number {
    return this.env?.defaultBatch ?? this.options.defaultBatch ?? 8;
  }

  get checkedGraph(): Graph {
    return this.graph;
  }

  nodeOf(v: GradientVerdict): NodeId | null {
    for (const [id, u] of this.byNode) if (u === v) return id;
    return null;
  }

  /** The verdicts on the links of the note's derivations in differentials, in line order with the others. */
  addDerivationVerdicts(verdicts: Omit<GradientVerdict, 'line'>[]): void {
    for (const v of verdicts) this.add(v);
    this.verdicts.sort((a, b) => a.span.start - b.span.start);
    this.problems.sort((a, b) => a.span.start - b.span.start);
  }

  /** A verdict's message, and its problem's, replaced. */
  rewrite(v: GradientVerdict, message: string): void {
    const p = this.problems.find((q) => q.message === v.message && q.span.start === v.span.start);
    v.message = message;
    if (p) p.message = message;
  }

  private line(span: Span): number {
    return this.analysis.lines.lineOf(span.start);
  }

  /** `line 7`, or `line 3 of cell 2` in a notebook. */
  private lineLabel(span: Span): string {
    return this.analysis.lines.lineLabel(span.start);
  }

  private inRange(span: Span): boolean {
    const r = this.options.range;
    return !r || spansOverlap(span, r) || (span.start >= r.start && span.start <= r.end);
  }

  private add(v: Omit<GradientVerdict, 'line'>, severity?: Problem['severity'], related: RelatedInfo[] = []): void {
    const verdict: GradientVerdict = { ...v, line: this.line(v.span) };
    this.verdicts.push(verdict);
    const code = v.verdict === 'correct' ? 'grad-correct' : v.mistake === 'shape-error' ? 'grad-shape-error' : v.verdict === 'wrong' ? 'grad-mismatch' : 'grad-unchecked';
    const sev = severity ?? (v.verdict === 'correct' ? 'info' : v.verdict === 'wrong' ? 'error' : 'info');
    this.problems.push(problem(code, sev, v.span, v.message, related));
  }

  private unchecked(site: GradientSite, span: Span, message: string, severity: Problem['severity'] = 'info', wrt: string | null = site.variable, related: RelatedInfo[] = []): void {
    this.add({ name: site.name, wrt, span, verdict: 'unchecked', mistake: null, factor: null, maxAbsError: null, maxRelError: null, message }, severity, related);
  }

  /** A value downstream of a line that cannot run: a shape error on its own line, or unchecked. */
  private brokenVersion(site: GradientSite, version: Version): void {
    const bad = this.graph.nodes[version.broken as NodeId];
    if (bad.attrs.overwritten === true) {
      this.unchecked(site, version.span, `${site.name} is unchecked: it is built from ${this.lineLabel(bad.span)}, whose value Grad Lens could not read`);
      return;
    }
    if (bad.span.start >= version.span.start && bad.span.start < version.span.end) {
      const own = this.analysis.problems.find((p) => p.severity === 'error' && spansOverlap(p.span, bad.span));
      const message = own?.message ?? String(bad.attrs.message ?? 'a shape error');
      this.add({ name: site.name, wrt: site.variable, span: version.span, verdict: 'wrong', mistake: 'shape-error', factor: null, maxAbsError: null, maxRelError: null, message: `${site.name} could not be computed: ${message}; the gradients that depend on it are unchecked` }, 'error');
      return;
    }
    this.unchecked(site, version.span, `${site.name} is unchecked: it depends on ${this.lineLabel(bad.span)}, which cannot run`);
  }

  /** Every version that would have been judged becomes unchecked, with one reason. */
  private allUnchecked(sites: GradientSite[], reason: string, severity: Problem['severity']): void {
    for (const s of sites) {
      for (const v of s.versions) {
        if (!v.checkpoint || !this.inRange(v.span)) continue;
        if (v.broken !== null) this.brokenVersion(s, v);
        else this.unchecked(s, v.span, `${s.name} is unchecked: ${reason}`, severity);
      }
      for (const f of s.failed) if (this.inRange(f)) this.failedAssignment(s, f);
    }
  }

  /** An assignment that produced no value: its own shape error, or one before it. */
  private failedAssignment(site: GradientSite, span: Span): void {
    const own = this.analysis.problems.filter((p) => spansOverlap(p.span, span));
    const error = own.find((p) => p.severity === 'error');
    if (error) {
      this.add({ name: site.name, wrt: site.variable, span, verdict: 'wrong', mistake: 'shape-error', factor: null, maxAbsError: null, maxRelError: null, message: `${site.name} could not be computed: ${error.message}; the gradients that depend on it are unchecked` }, 'error');
      return;
    }
    if (own.length) {
      this.unchecked(site, span, `${site.name} is unchecked: ${own[0].message}`);
      return;
    }
    const earlier = this.analysis.problems.filter((p) => (p.severity === 'error' || p.code === 'unsupported-op' || p.code === 'undefined-name') && p.span.start < span.start).pop();
    const where = earlier ? `${this.lineLabel(earlier.span)}, which could not run` : 'a value that could not be computed';
    this.unchecked(site, span, `${site.name} is unchecked: it depends on ${where}`);
  }

  /** The plan, the numeric sizes and the nodes a check of `graph` needs. */
  private prepare(graph: Graph, bindings: Record<string, number>): Prepared {
    const plan = planGradients(graph, this.analysis.program);
    const sites = plan.sites.filter((s) => s.versions.some((v) => this.inRange(v.span)) || s.failed.some((f) => this.inRange(f)));
    const env = new NumericEnv({ bindings, dims: this.options.dims, defaultBatch: this.options.defaultBatch });
    const versions = sites.flatMap((s) => s.versions).filter((v) => v.broken === null);
    const variableNodes = versions.map((v) => v.variableNode).filter((v): v is NodeId => v !== null);
    const loss = plan.loss;
    const needed = loss === null ? new Set<NodeId>() : ancestors(graph, [loss, ...versions.map((v) => v.node), ...variableNodes]);
    const forward = loss === null ? new Set<NodeId>() : ancestors(graph, [loss]);
    return { loss, sites, env, variableNodes, needed, forward };
  }

  /** Memory (elements held) first, then work (multiply-adds of one forward pass). */
  private budget(graph: Graph, p: Prepared): Budget {
    const memory = checkBudget(graph, p.env, p.needed, this.options.elementBudget ?? DEFAULT_ELEMENT_BUDGET);
    return memory.ok ? checkWork(graph, p.env, p.forward, this.options.workBudget ?? DEFAULT_WORK_BUDGET) : memory;
  }

  async execute(): Promise<void> {
    const pause = () => this.deadline.pause();
    let p = this.prepare(this.graph, this.analysis.bindings);
    if (p.loss === null) {
      const first = this.options.range ?? { start: 0, end: Math.min(this.analysis.text.length, Math.max(0, this.analysis.text.indexOf('\n'))) };
      const broken = this.analysis.problems.find((q) => q.severity === 'error');
      // A name defined nowhere leaves the shapes after it unknown: the loss may be there, unseen.
      const undefinedName = this.analysis.problems.find((q) => q.code === 'undefined-name' && q.severity === 'warning');
      const why = broken ? `; the forward pass stops at ${this.lineLabel(broken.span)}, which cannot run` : undefinedName ? `; the shapes are unknown from ${this.lineLabel(undefinedName.span)}: ${undefinedName.message}` : '';
      this.problems.push(problem('no-loss', 'warning', first, `No loss found: the gradient check needs the forward pass to end in a named scalar (loss, cost, E, L, J, …)${why}`));
      this.allUnchecked(p.sites, 'no scalar loss was found', 'info');
      return;
    }
    this.lossName = this.graph.nodes[p.loss].name ?? null;
    if (!p.sites.length) {
      this.problems.push(problem('no-gradients', 'warning', this.graph.nodes[p.loss].span, `No hand-written gradient found for the loss ${this.lossName ?? ''}: Grad Lens looks for names such as dW, dW1, d_W, dL_dW, grad_W, W_grad, gW, grads['W'] and self.dW, given to the gradient of a variable the loss depends on`));
      return;
    }

    const budget = this.budget(this.graph, p);
    if (!budget.ok) {
      // Too large to run at the code's sizes: the same code at smaller ones, with the shape relations kept.
      const reduced = reduceSizes(this.analysis, { dims: this.options.dims, range: this.options.range, defaultBatch: this.options.defaultBatch }, (graph, bindings) => {
        const q = this.prepare(graph, bindings);
        return q.loss !== null && q.sites.length > 0 && this.budget(graph, q).ok;
      });
      if (!reduced) {
        this.problems.push(problem('too-large', 'warning', this.graph.nodes[p.loss].span, `Grad Lens did not run the gradient check: ${budget.reason}`));
        this.allUnchecked(p.sites, 'the check would be too large', 'warning');
        return;
      }
      this.graph = reduced.graph;
      p = this.prepare(this.graph, reduced.bindings);
      const related = reduced.changes.filter((c) => c.span !== null).map((c) => ({ span: c.span as Span, message: `${c.name} = ${c.from} here` }));
      this.problems.push(problem('reduced-size', 'info', this.graph.nodes[p.loss as NodeId].span, `checked at ${describeChanges(reduced.changes)}: at the full sizes ${budget.summary}; whether a gradient formula is right does not depend on the sizes`, related));
    }
    const graph = this.graph;
    const loss = p.loss as NodeId;
    const { sites, env, variableNodes, forward } = p;
    this.env = env;
    await pause();

    const seed = this.options.seed ?? 0;
    let evaluator: F64Evaluator;
    let leaves: Map<NodeId, F64Tensor>;
    let fn: LossFunction;
    try {
      leaves = leafValues(graph, env, p.needed, seed);
      evaluator = new F64Evaluator(graph, env, leaves);
      await pause();
      fn = new LossFunction(evaluator, loss);
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      // An op that cannot run at the test values is the code's (or its sizes'), not Grad Lens's own failure.
      const node = err instanceof NumericError ? graph.nodes[err.node] : graph.nodes[loss];
      const code = err instanceof NumericError ? 'not-evaluable' : 'internal-error';
      this.problems.push(problem(code, 'warning', node.span, `Grad Lens could not evaluate this numerically: ${(err as Error).message}`));
      this.allUnchecked(sites, 'the forward pass could not be evaluated numerically', 'warning');
      return;
    }
    // NaN or inf in the forward pass: reported where it starts, with the usual fix.
    const first = firstNonFinite(graph, fn.base);
    if (first !== null) {
      const node = graph.nodes[first];
      this.nonFiniteLine = this.lineLabel(node.span);
      this.problems.push(problem('non-finite', 'warning', this.statementSpan(node.span), nonFiniteMessage(graph, node, fn.base, this.analysis.text, this.analysis.language)));
    }
    if (!Number.isFinite(fn.value)) {
      if (first === null) this.problems.push(problem('non-finite', 'warning', graph.nodes[loss].span, `The loss ${this.lossName ?? ''} is ${fn.value} at the test values, so its gradients cannot be checked`));
      const where = first !== null ? `the forward pass is not finite from ${this.lineLabel(graph.nodes[first].span)} on` : `the loss is ${fn.value} at the test values`;
      this.allUnchecked(sites, where, 'warning');
      return;
    }
    await pause();

    // The hand-written code, in float64, sharing the forward values.
    const cache = new Map(fn.base);
    const evaluated: Evaluated[] = [];
    for (const site of sites) {
      for (const version of site.versions) {
        // Only the values that count: what other code reads, or the last one (not the steps of an in-place chain).
        if (!this.inRange(version.span) || !version.checkpoint) continue;
        if (version.broken !== null) {
          this.brokenVersion(site, version);
          continue;
        }
        await pause();
        try {
          const r = evaluator.run([version.node], { cache });
          for (const [k, v] of r.values) cache.set(k, v);
          evaluated.push({ site, version, value: r.values.get(version.node) as F64Tensor });
        } catch (err) {
          evaluated.push({ site, version, value: null, error: (err as Error).message });
        }
      }
    }

    let rt: TfRuntime | null = null;
    try {
      rt = await loadTf(this.options.tfWasmDir);
      this.autodiff = describeRuntime(rt);
    } catch {
      rt = null;
    }
    await pause();
    // Values that reach the loss only as indices (float labels, `y = np.zeros(N)` filled with classes) have no gradient to ask autodiff for.
    const reachable = differentiableAncestors(graph, [loss]);
    const named = graph.nodes.filter((n) => n.name !== undefined && n.dtype === 'float' && reachable.has(n.id) && n.id !== loss).map((n) => n.id);
    const targets = [...new Set([...variableNodes.filter((v) => forward.has(v)), ...named])];
    const rng = new Rng(seed + 1);
    const stop = () => this.deadline.expired || Boolean(this.options.signal?.aborted);
    const reference = await referenceGradients(rt, graph, env, leaves, fn, targets, [...new Set(variableNodes.filter((v) => forward.has(v)))], rng, stop, pause);
    this.precision = reference.precision;
    await pause();

    const ctx = factorContext(graph, this.analysis.program, env, loss, (o) => this.analysis.lines.lineLabel(o), this.analysis.text);
    const valueOf = (id: NodeId): F64Tensor | null => {
      const known = cache.get(id) ?? fn.base.get(id);
      if (known) return known;
      try {
        return fn.valueOf(id);
      } catch {
        return null;
      }
    };
    const evaluateWith = (id: NodeId, overrides: Map<NodeId, F64Tensor>): F64Tensor | null => {
      try {
        return fn.evaluator.run([id], { overrides, cache: fn.base }).values.get(id) ?? null;
      } catch {
        return null;
      }
    };
    this.explainer = new Explainer(graph, this.analysis.text, (o) => this.analysis.lines.lineLabel(o), loss, valueOf, new GradientsOnDemand(rt, graph, env, leaves, loss), ctx, evaluateWith);
    for (const site of sites) {
      for (const f of site.failed) if (this.inRange(f)) this.failedAssignment(site, f);
    }
    for (const e of evaluated) {
      await pause();
      if (stop()) {
        if (e.version.checkpoint) this.unchecked(e.site, e.version.span, `${e.site.name} is unchecked: the time budget of ${Math.round((this.options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS) / 1000)} s ran out`, 'warning');
        continue;
      }
      await this.judge(e, fn, reference, ctx, forward, rng, stop, pause);
    }
    this.verdicts.sort((a, b) => a.span.start - b.span.start);
    this.problems.sort((a, b) => a.span.start - b.span.start);
  }

  /** The innermost statement holding a span (the line a problem is about), else the span itself. */
  private statementSpan(span: Span): Span {
    let best: Span | null = null;
    const visit = (stmts: Stmt[]) => {
      for (const s of stmts) {
        if (s.span.start > span.start || s.span.end < span.end) continue;
        best = s.span;
        if (s.kind === 'for' || s.kind === 'if') visit(s.kind === 'if' ? [...s.body, ...s.orelse] : s.body);
        else if (s.kind === 'def') visit([...s.head, ...s.body]);
        else if (s.kind === 'class') visit(s.methods);
      }
    };
    visit(this.analysis.program.stmts);
    return best ?? span;
  }

  private async judge(e: Evaluated, fn: LossFunction, ref: Reference, ctx: FactorContext, forward: Set<NodeId>, rng: Rng, stop: () => boolean, pause: () => Promise<void>): Promise<void> {
    const { site, version } = e;
    const explain = this.explainer as Explainer;
    const { label, related } = explain.chain(site, version);
    const unchecked = (message: string, severity: Problem['severity'] = 'info') => this.unchecked(site, version.span, message, severity, site.variable, related);
    if (!e.value) return unchecked(`${label} is unchecked: it could not be evaluated (${e.error})`, 'warning');
    const v = version.variableNode;
    if (v === null) return unchecked(`${label} is unchecked: ${site.variable} is not defined before it`);
    if (!forward.has(v)) return unchecked(`${label} is unchecked: the loss ${this.lossName} does not depend on ${site.variable} at this point`);
    const hand = e.value;
    const r = ref.grads.get(v);
    // The comparison first: a finite largest difference means both are finite, which spares
    // two more passes over gradients that can have millions of entries.
    const early = r && shapesEqual(hand.shape, r.shape) ? diagnose(hand, r) : null;
    const finite = early !== null && Number.isFinite(early.maxAbsError);
    if (!finite && !allFinite(hand.data)) return unchecked(`${label} is unchecked: it is not finite at the test values`, 'warning');
    if (!r) return unchecked(`${label} is unchecked: no reference gradient for ${site.variable}${ref.note ? ` (${ref.note})` : ''}`, 'warning');
    const base = { name: site.name, span: version.span };
    const correct = (d: Diagnosis, message: string, wrt = site.variable) => {
      if (wrt === site.variable) this.correctOf.set(version.node, v);
      this.record(version.node, { ...base, wrt, verdict: 'correct', mistake: null, factor: null, maxAbsError: d.maxAbsError, maxRelError: d.maxRelError, message }, related);
    };
    if (!finite && !allFinite(r.data)) {
      // float32 autodiff overflowed (exp above 88 in float32) where float64 did not: only finite differences can judge.
      if (shapesEqual(hand.shape, r.shape) && (await this.confirmed(fn, v, hand, rng, stop, pause))) {
        return correct({ mistake: null, factor: null, maxAbsError: null, maxRelError: null, worst: [] }, `${label} is correct: float64 finite differences confirm it (the float32 autodiff reference is not finite at the test values)`);
      }
      const why = this.nonFiniteLine !== null ? `the forward pass is not finite from ${this.nonFiniteLine} on, and neither is the gradient of ${site.variable}` : `the float32 autodiff reference for ${site.variable} is not finite at the test values`;
      return unchecked(`${label} is unchecked: ${why}`, 'warning');
    }
    const d = early ?? diagnose(hand, r);
    if (d.mistake === null) {
      if (ref.verified.get(v) === false && !(await this.confirmed(fn, v, hand, rng, stop, pause))) {
        return unchecked(`${label} is unchecked: autodiff and float64 finite differences disagree about the gradient of ${site.variable}`, 'warning');
      }
      return correct(d, correctMessage(label, d, false));
    }
    // Not a simple variant of the reference: maybe the gradient of another value, named or
    // not (dh after the ReLU mask is the gradient of the pre-activation). Looked at first: an
    // exact match spares the finite differences below.
    const other = d.mistake === 'wrong' ? explain.gradientElsewhere(hand, version, v, ref, forward) : null;
    if (other) {
      const oe = errors(hand.data, other.grad.data);
      const od: Diagnosis = { mistake: null, factor: null, maxAbsError: oe.maxAbs, maxRelError: oe.maxRel, worst: [] };
      return correct(od, correctAtMessage(label, od, other.label, other.where), other.label.replace(/`/g, ''));
    }
    // Not within tolerance of float32 autodiff: float64 finite differences may still confirm
    // it (float32 rounding, or a branch taken differently at a kink). Named mistakes are far
    // from the reference, so they are only re-examined when they are close to it.
    let fdInconclusive = false;
    if (shapesEqual(hand.shape, r.shape) && (d.mistake === 'wrong' || (d.maxRelError ?? Infinity) < 0.05)) {
      const fd = await confirmByFd(fn, v, hand, rng, stop, pause);
      if (fd && fd.checks.length > 0 && fd.ok) return correct(d, correctMessage(label, d, true));
      fdInconclusive = !fd || fd.checks.length === 0;
    }
    if (d.mistake === 'wrong' && fdInconclusive) {
      return unchecked(`${label} is unchecked: it differs from autodiff, and every finite-difference probe crossed a kink (relu, max, a comparison), so neither can be trusted here`, 'warning');
    }
    if (d.mistake === 'wrong' && ref.verified.get(v) === false) {
      return unchecked(`${label} is unchecked: autodiff and float64 finite differences disagree about the gradient of ${site.variable}`, 'warning');
    }
    // After a ReLU mask the value belongs to the pre-activation: its mistakes are named against that.
    const masked = d.mistake === 'wrong' ? explain.maskedInput(version, ref) : null;
    const atMask = masked && shapesEqual(masked.grad.shape, hand.shape) ? diagnose(hand, masked.grad) : null;
    if (masked && atMask && atMask.mistake !== 'wrong' && atMask.mistake !== null) {
      const of = `${label}, the gradient of ${masked.label} (${masked.where}),`;
      const message = mistakeMessage(of, masked.label, atMask, hand.shape, masked.grad.shape, ctx);
      const factor = atMask.mistake === 'scaled' ? atMask.factor : null;
      return this.record(version.node, { ...base, wrt: masked.label.replace(/`/g, ''), verdict: 'wrong', mistake: atMask.mistake, factor, maxAbsError: atMask.maxAbsError, maxRelError: atMask.maxRelError, message }, related);
    }
    const structural = d.mistake === 'wrong' ? explain.structural(version, site.variable, v, hand, r) : null;
    let named: Diagnosis = structural ? { ...d, mistake: structural.mistake, factor: structural.factor, detail: structural.detail } : d;
    if (named.mistake === 'wrong' && !named.difference) {
      const scales = explain.rowScaledDifference(version, hand, r);
      if (scales) named = { ...named, differenceScales: scales };
    }
    // What the wrong value is computed from, for the factor's words and for the wrong gradients it uses.
    const upstream = ancestors(this.graph, this.graph.nodes[version.node].inputs);
    let message = mistakeMessage(label, site.variable, named, hand.shape, r.shape, this.factorContextFor(v, upstream, ctx));
    message += this.wrongInputs(upstream);
    const lined = hand.data.length === r.data.length && hand.data.length <= MAX_VALUES_ELEMENTS && (named.mistake !== 'transposed' || shapesEqual(hand.shape, r.shape));
    const values = lined ? { values: { analytic: Array.from(hand.data), reference: Array.from(r.data), shape: [...r.shape] } } : {};
    const factor = named.mistake === 'scaled' || named.mistake === 'scaled-term' ? named.factor : null;
    this.record(version.node, { ...base, wrt: site.variable, verdict: 'wrong', mistake: named.mistake, factor, maxAbsError: d.maxAbsError, maxRelError: d.maxRelError, message, ...(d.worst.length && named.mistake === 'wrong' ? { worst: d.worst } : {}), ...values }, related);
  }

  private record(node: NodeId, v: Omit<GradientVerdict, 'line'>, related: RelatedInfo[] = []): void {
    this.add(v, undefined, related);
    this.byNode.set(node, this.verdicts[this.verdicts.length - 1]);
  }

  /** Float64 finite differences agree with the hand gradient. */
  private async confirmed(fn: LossFunction, node: NodeId, hand: F64Tensor, rng: Rng, stop: () => boolean, pause: () => Promise<void>): Promise<boolean> {
    const report = await confirmByFd(fn, node, hand, rng, stop, pause);
    return Boolean(report && report.checks.length > 0 && report.ok);
  }

  /**
   * The means a factor in the gradient of `variable` can come from: those the variable feeds
   * on its way to the loss (a batch norm's means before a layer have nothing to do with a 1/N
   * too many in that layer's weight gradient). For a value computed from hand gradients
   * already found correct (in `upstream`, what it is computed from), less those the correct
   * ones carry: the loss's own mean and 0.5, and a mean after the variable a correct input is
   * the gradient of (da1 past a batch norm holds its means).
   */
  private factorContextFor(variable: NodeId, upstream: ReadonlySet<NodeId>, ctx: FactorContext): FactorContext {
    const correct = [...this.byNode.entries()].filter(([id, v]) => upstream.has(id) && v.verdict === 'correct').map(([id]) => this.correctOf.get(id));
    const means = ctx.means.filter((m) => {
      const feeding = ancestors(this.graph, [m.node]);
      if (!feeding.has(variable)) return false;
      if (!correct.length) return true;
      return !m.ofLoss && !correct.some((v) => v !== undefined && feeding.has(v));
    });
    if (correct.length) return { ...ctx, means, half: null, squares: false };
    return means.length === ctx.means.length ? ctx : { ...ctx, means };
  }

  /**
   * "it uses dh (line 25), which is wrong": the nearest wrong hand gradients this one is computed
   * from, so a mistake inherited down a chain points at where it entered. A wrong gradient that
   * only feeds another listed one is left out: that one already leads back to it.
   */
  private wrongInputs(upstream: ReadonlySet<NodeId>): string {
    const bad = [...this.byNode.entries()].filter(([id, v]) => upstream.has(id) && v.verdict === 'wrong');
    const feedsAnother = (id: NodeId): boolean => bad.some(([other]) => other !== id && ancestors(this.graph, this.graph.nodes[other].inputs).has(id));
    const nearest = [...new Set(bad.filter(([id]) => !feedsAnother(id)).map(([, v]) => `${v.name} (${this.lineLabel(v.span)})`))];
    return nearest.length ? `; it uses ${nearest.join(', ')}, which ${nearest.length > 1 ? 'are' : 'is'} wrong` : '';
  }
}
