import type { NodeId } from '../ir/graph';
import type { Rng } from './prng';
import { type F64Tensor, sizeOf, unravel } from './tensor';

/**
 * Finite differences in float64: the referee for the float32 autodiff and for
 * hand-written gradients.
 *
 * - Central differences along random ±1 directions (each variable perturbed on its own, as
 *   PyTorch's fast gradcheck does, so that a failure names the variable), plus single
 *   elements on a sample (the largest gradient entry and random ones; only the largest for
 *   variables over 1e5 elements).
 * - Step: h = 1e-6·max(1, rms(x)), near float64's optimum for central differences
 *   (ε^(1/3) ≈ 6e-6). When a first difference disagrees, a second one at 2h gives a
 *   Richardson estimate of the truncation error, which then widens the tolerance.
 * - Kinks: every run records which branch each non-smooth op took (relu/abs sign,
 *   maximum/max ties, comparisons, argmax, pooling winners). A probe whose ±h runs differ
 *   from the unperturbed one has crossed a kink: its step is divided by 10 (three times at
 *   most) and, if it still crosses, the probe is dropped and counted as skipped, never
 *   reported as a mismatch.
 * - Tolerance: |numeric − analytic| ≤ rtol·(|g·u| + ‖g⊙u‖₂) + atol·max|g|·‖u‖₂ + the
 *   difference's own error (round-off 64·ε·|L|/h, plus the Richardson estimate when
 *   computed). Rounding errors of g are independent across elements, so they add up like
 *   the L2 norms. rtol and atol follow the precision of the analytic gradient: float32
 *   autodiff carries ~1e-6 relative error per element, so 2e-3 / 1e-4 leave a wide margin;
 *   a float64 gradient, 1e-6 / 1e-9.
 */

/** The loss after adding perturbations to some nodes, and the run's branch signature. */
export interface Probe {
  value: number;
  kinks: string;
}

/** Where a probe moves a node: along a whole direction, or one element (a one-hot direction). */
export type Direction = F64Tensor | { index: number };

/** The loss at the base point and along lines through it: along(d)(t) = L(x + t·d). */
export interface LossProbe {
  readonly base: Probe;
  along(directions: ReadonlyMap<NodeId, Direction>): (t: number) => Probe;
}

export interface FdVariable {
  node: NodeId;
  /** Unperturbed value (sets the step scale). */
  value: F64Tensor;
  /** The analytic gradient being checked. */
  grad: F64Tensor;
}

export type Precision = 'float32' | 'float64';

export const FD_TOLERANCES: Record<Precision, { rtol: number; atol: number }> = {
  float32: { rtol: 2e-3, atol: 1e-4 },
  float64: { rtol: 1e-6, atol: 1e-9 },
};

const EPS = 2.220446049250313e-16;

/** Variables with more elements than this get a pause after each pass over them. */
const LARGE = 1e5;

export interface FdCheck {
  /** The variable perturbed. */
  node: NodeId;
  /** Element index for element checks; none for a random direction. */
  index?: number[];
  analytic: number;
  numeric: number;
  tolerance: number;
  step: number;
  ok: boolean;
}

export interface FdReport {
  ok: boolean;
  precision: Precision;
  rtol: number;
  atol: number;
  step: number;
  checks: FdCheck[];
  /** Probes dropped because every step crossed a kink. */
  skipped: number;
  /** Failed element checks, worst first. */
  worst: FdCheck[];
}

export interface FdOptions {
  rng: Rng;
  precision: Precision;
  /** Random directions per variable (default 2). */
  directions?: number;
  /** Single elements per variable (default 2: the largest entry and a random one). */
  samples?: number;
  /** Checked between probes; returning true stops early. */
  stop?: () => boolean;
}

interface Difference {
  value: number;
  error: number;
  step: number;
}

/**
 * A computation that yields before each probe (each probe re-runs part of the forward pass),
 * so that a caller can let the event loop run there: that is how a Cancel gets through.
 * The plain functions below drain it at once; the *Async ones pause between probes.
 */
export type Steps<T> = Generator<void, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Drains `steps`, awaiting `pause` between probes; a pause that throws (cancelled) stops it there. */
export async function runStepsAsync<T>(steps: Steps<T>, pause: () => Promise<void>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pause();
  }
}

/**
 * d/dt L(x + t·u) at t = 0 by central differences, shrinking the step away from kinks.
 * `accept` says whether a first-order result is already good enough; otherwise 2h runs give
 * the Richardson value and error.
 */
export function centralDifference(probe: (t: number) => Probe, base: Probe, step: number, accept: (d: Difference) => boolean): Difference | null {
  return runSteps(differenceSteps(probe, base, step, accept));
}

function* differenceSteps(probe: (t: number) => Probe, base: Probe, step: number, accept: (d: Difference) => boolean): Steps<Difference | null> {
  for (let attempt = 0, h = step; attempt < 4; attempt++, h /= 10) {
    yield;
    const p = probe(h);
    yield;
    const m = probe(-h);
    if (p.kinks !== base.kinks || m.kinks !== base.kinks) continue;
    const roundoff = (64 * EPS * Math.max(Math.abs(p.value), Math.abs(m.value), Math.abs(base.value))) / h;
    const d1 = (p.value - m.value) / (2 * h);
    const first: Difference = { value: d1, error: roundoff, step: h };
    if (accept(first)) return first;
    yield;
    const p2 = probe(2 * h);
    yield;
    const m2 = probe(-2 * h);
    if (p2.kinks !== base.kinks || m2.kinks !== base.kinks) return first;
    const d2 = (p2.value - m2.value) / (4 * h);
    return { value: (4 * d1 - d2) / 3, error: Math.abs(d1 - d2) + roundoff, step: h };
  }
  return null;
}

/**
 * g·u and what its tolerance needs. The loops over every element live outside the generators:
 * V8 does not optimise a long loop inside a generator while it runs (about 3× slower).
 */
function project(g: Float64Array, u: Float64Array): { analytic: number; sq: number; gmax: number; top: number; uSq: number } {
  let analytic = 0;
  let sq = 0;
  let gmax = 0;
  let top = 0;
  let uSq = 0;
  for (let e = 0; e < g.length; e++) {
    const gu = g[e] * u[e];
    analytic += gu;
    sq += gu * gu;
    const a = Math.abs(g[e]);
    if (a > gmax) {
      gmax = a;
      top = e;
    }
    uSq += u[e] * u[e];
  }
  return { analytic, sq, gmax, top, uSq };
}

/** The largest |entry| and where it is. */
function largest(g: Float64Array): { gmax: number; top: number } {
  let gmax = 0;
  let top = 0;
  for (let e = 0; e < g.length; e++) {
    if (Math.abs(g[e]) > gmax) {
      gmax = Math.abs(g[e]);
      top = e;
    }
  }
  return { gmax, top };
}

/** The size of a value's finite entries: a -inf (a masked attention score) must not make the step infinite. */
function rms(t: F64Tensor): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < t.data.length; i++) {
    if (!Number.isFinite(t.data[i])) continue;
    s += t.data[i] * t.data[i];
    n++;
  }
  return Math.sqrt(s / Math.max(1, n));
}


/** Checks analytic gradients of one loss against finite differences. */
export function fdCheck(probe: LossProbe, vars: FdVariable[], options: FdOptions): FdReport {
  return runSteps(fdCheckSteps(probe, vars, options));
}

/** fdCheck, letting the event loop run between probes (`pause` may throw to cancel). */
export function fdCheckAsync(probe: LossProbe, vars: FdVariable[], options: FdOptions, pause: () => Promise<void>): Promise<FdReport> {
  return runStepsAsync(fdCheckSteps(probe, vars, options), pause);
}

function* fdCheckSteps(probe: LossProbe, vars: FdVariable[], options: FdOptions): Steps<FdReport> {
  const { rtol, atol } = FD_TOLERANCES[options.precision];
  const base = probe.base;
  const scales = vars.map((v) => rms(v.value));
  const step = 1e-6 * Math.max(1, ...scales);
  const checks: FdCheck[] = [];
  let skipped = 0;
  const stop = options.stop ?? (() => false);

  const judge = (analytic: number, scale: number, gmax: number, uSum: number) => (d: Difference) => Math.abs(d.value - analytic) <= rtol * scale + atol * gmax * uSum + d.error;

  // Random directions, one variable at a time. Each projection also finds the gradient's largest entry.
  const extremes = new Map<FdVariable, { gmax: number; top: number }>();
  for (const v of vars) {
    for (let k = 0; k < (options.directions ?? 2) && !stop(); k++) {
      const direction: F64Tensor = { shape: v.value.shape, data: options.rng.signs(v.value.data.length) };
      // On large variables, drawing a direction and projecting the gradient on it cost as much as a probe.
      if (v.value.data.length > LARGE) yield;
      // Rounding errors in g are independent across elements: they add up like an L2 norm.
      const p = project(v.grad.data, direction.data);
      extremes.set(v, p);
      if (v.grad.data.length > LARGE) yield;
      const scale = Math.sqrt(p.sq) + Math.abs(p.analytic);
      const gmaxU = p.gmax * Math.sqrt(p.uSq);
      const d = yield* differenceSteps(probe.along(new Map([[v.node, direction]])), base, step, judge(p.analytic, scale, gmaxU, 1));
      if (!d) {
        skipped++;
        continue;
      }
      const tolerance = rtol * scale + atol * gmaxU + d.error;
      checks.push({ node: v.node, analytic: p.analytic, numeric: d.value, tolerance, step: d.step, ok: Math.abs(d.value - p.analytic) <= tolerance });
    }
  }

  // Single elements: the largest entry of the gradient and random others.
  for (const [i, v] of vars.entries()) {
    const n = v.grad.data.length;
    const { gmax, top } = extremes.get(v) ?? largest(v.grad.data);
    if (n > LARGE) yield;
    const picks = new Set<number>(n ? [top] : []);
    const want = Math.min(n, n > LARGE ? 1 : (options.samples ?? 2));
    for (let tries = 0; picks.size < want && tries < 4 * want; tries++) picks.add(options.rng.int(0, n));
    const h = 1e-6 * Math.max(1, scales[i]);
    for (const e of picks) {
      if (stop()) break;
      const analytic = v.grad.data[e];
      const d = yield* differenceSteps(probe.along(new Map([[v.node, { index: e }]])), base, h, judge(analytic, Math.abs(analytic), gmax, 1));
      if (!d) {
        skipped++;
        continue;
      }
      const tolerance = rtol * Math.abs(analytic) + atol * gmax + d.error;
      checks.push({ node: v.node, index: unravel(e, v.value.shape), analytic, numeric: d.value, tolerance, step: d.step, ok: Math.abs(d.value - analytic) <= tolerance });
    }
  }

  const worst = checks.filter((c) => !c.ok && c.index).sort((a, b) => Math.abs(b.numeric - b.analytic) - Math.abs(a.numeric - a.analytic));
  return { ok: checks.every((c) => c.ok), precision: options.precision, rtol, atol, step, checks, skipped, worst };
}

/** Element count helper for callers that size their samples. */
export function elementsOf(shape: number[]): number {
  return sizeOf(shape);
}

/**
 * The whole gradient by central differences, one element at a time: a float64 reference
 * for small variables when autodiff is not available. Elements whose every step crosses a
 * kink are NaN.
 */
export function fdGradient(probe: LossProbe, node: NodeId, value: F64Tensor): F64Tensor {
  return runSteps(fdGradientSteps(probe, node, value, () => false));
}

/** fdGradient, letting the event loop run between probes; elements left when `stop` says so are NaN. */
export function fdGradientAsync(probe: LossProbe, node: NodeId, value: F64Tensor, stop: () => boolean, pause: () => Promise<void>): Promise<F64Tensor> {
  return runStepsAsync(fdGradientSteps(probe, node, value, stop), pause);
}

function* fdGradientSteps(probe: LossProbe, node: NodeId, value: F64Tensor, stop: () => boolean): Steps<F64Tensor> {
  const base = probe.base;
  const n = value.data.length;
  const out = new Float64Array(n).fill(NaN);
  const h = 1e-6 * Math.max(1, rms(value));
  for (let e = 0; e < n && !stop(); e++) {
    const d = yield* differenceSteps(probe.along(new Map([[node, { index: e }]])), base, h, () => false);
    out[e] = d ? d.value : NaN;
  }
  return { shape: [...value.shape], data: out };
}
