import { unaryOpNamed } from '../ops/index';
import { type Dim, dimSymbols } from '../shapes/dim';
import type { Assumption } from './assumptions';
import { dependents, type Node, topoOrder, variablesOf } from './expr';
import { Evaluator, type Sizes, sizeOf } from './eval';
import * as M from './matrix';
import type { Mat } from './matrix';

/**
 * The numeric check every symbolic gradient passes before it is shown: evaluate it in
 * float64 at random inputs and compare with central finite differences of the
 * expression itself (Richardson-extrapolated, so truncation error is O(h⁴)), along
 * random directions and at sampled elements.
 */
export interface Verification {
  ok: boolean;
  /** Worst relative error over all checks. */
  maxRelError: number;
  precision: 'float64';
  /** Directional and per-element comparisons made. */
  checks: number;
  /** The sizes used, per variable. */
  shapes: Record<string, number[]>;
  /** True when large sizes were replaced by small ones (the formula does not depend on sizes). */
  reduced: boolean;
  message?: string;
}

export interface VerifyOptions {
  /** Sizes for symbols (N = 4); symbols without one get small distinct defaults. */
  dims?: Record<string, number>;
  /** 'auto' shrinks sizes when one evaluation would cost more than ~2·10⁵ multiply-adds. */
  mode?: 'auto' | 'full';
  assumptions?: readonly Assumption[];
  seed?: number;
}

export const RTOL = 1e-6;
const DIRECTIONS = 2;
const ELEMENTS = 4;
const BUDGET = 2e5;

/** A small seeded generator (mulberry32) and normal draws (Box–Muller). */
export class Rng {
  constructor(private s: number) {}
  uniform(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  normal(): number {
    const u = Math.max(this.uniform(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }
}

/** The symbols of the scalars that stand for sizes (`1/N`), which no shape may mention. */
export function scalarSymbols(nodes: readonly Node[]): string[] {
  const out = new Set<string>();
  for (const n of nodes) if (n.op === 'dim' && n.dim !== undefined) for (const s of dimSymbols(n.dim)) out.add(s);
  return [...out];
}

/** Sizes for the check: the user's, symbols filled in, large ones shrunk when the check would be slow. */
export function chooseSizes(root: Node, options: VerifyOptions): { sizes: Sizes; reduced: boolean } {
  const nodes = topoOrder([root]);
  const dims: Dim[] = [];
  for (const n of nodes) for (const d of n.shape) if (d !== 1 && !dims.includes(d)) dims.push(d);
  const symbols: Record<string, number> = { ...(options.dims ?? {}) };
  const taken = new Set(dims.filter((d): d is number => typeof d === 'number'));
  let next = 3;
  const fresh = () => {
    while (taken.has(next)) next++;
    taken.add(next);
    return next++;
  };
  for (const d of dims) if (typeof d === 'string' && symbols[d] === undefined && !d.includes('*')) symbols[d] = fresh();
  // A scalar that stands for a size no shape holds (`reg` defined nowhere, read as a number).
  for (const s of scalarSymbols(nodes)) if (symbols[s] === undefined) symbols[s] = fresh();
  const full: Sizes = { symbols };
  if (options.mode === 'full' || cost(nodes, full) <= BUDGET) return { sizes: full, reduced: false };
  // Every distinct size gets a distinct small one, so a transposed formula still fails.
  const numbers = new Map<number, number>();
  next = 2;
  taken.clear();
  const small: Record<string, number> = {};
  for (const d of dims) {
    if (typeof d === 'number') numbers.set(d, fresh());
    else if (!d.includes('*')) small[d] = options.dims?.[d] !== undefined && options.dims[d] <= 8 ? options.dims[d] : fresh();
  }
  for (const s of scalarSymbols(nodes)) if (small[s] === undefined) small[s] = symbols[s];
  return { sizes: { symbols: small, numbers }, reduced: true };
}

/** Multiply-adds of one evaluation, roughly: products dominate. */
function cost(nodes: Node[], sizes: Sizes): number {
  // A zero-size axis holds nothing, but loops still run over the others: counted as 1.
  const size = (d: Dim) => Math.max(1, sizeOf(d, sizes));
  let c = 0;
  for (const n of nodes) {
    const s = n.shape.map(size);
    if (n.op === 'matmul') c += n.args.reduce((acc, a) => acc + size(a.shape[0]) * size(a.shape[1]), 0) * Math.max(...n.args.map((a) => size(a.shape[1])));
    else if (n.op === 'inv' || n.op === 'det') c += s[0] ** 3;
    else c += s[0] * s[1];
  }
  return c;
}

/** How each variable is drawn: what the expression does to it directly. */
function roles(root: Node): Map<string, 'positive' | 'invertible'> {
  const out = new Map<string, 'positive' | 'invertible'>();
  for (const n of topoOrder([root])) {
    const direct = (a: Node | undefined) => (a?.op === 'transpose' ? a.args[0] : a);
    const v = direct(n.op === 'div' ? n.args[1] : n.args[0]);
    if (v?.op !== 'var') continue;
    if (n.op === 'inv' || n.op === 'det') out.set(v.name as string, 'invertible');
    else if (unaryOpNamed(n.op)?.domain === 'positive' || n.op === 'div' || (n.op === 'pow' && !Number.isInteger(n.value))) {
      if (!out.has(v.name as string)) out.set(v.name as string, 'positive');
    }
  }
  return out;
}

/** Random inputs that keep the expression finite and satisfy the assumptions. */
export function randomInputs(root: Node, sizes: Sizes, rng: Rng, assumptions: readonly Assumption[] = []): Record<string, Mat> {
  const role = roles(root);
  const inputs: Record<string, Mat> = {};
  for (const v of variablesOf(root)) {
    const name = v.name as string;
    const [r, c] = v.shape.map((d) => sizeOf(d, sizes));
    const m = M.mat(r, c);
    const scale = r * c === 1 ? 1 : 1 / Math.sqrt(Math.max(r, c));
    const rows = assumptions.find((a) => a.kind === 'rows-sum-to-1' && a.name === name);
    if (rows && rows.kind === 'rows-sum-to-1') {
      for (let i = 0; i < r; i++) {
        if (rows.oneHot) m.data[i * c + Math.floor(rng.uniform() * c)] = 1;
        else {
          let s = 0;
          for (let j = 0; j < c; j++) s += m.data[i * c + j] = 0.1 + rng.uniform();
          for (let j = 0; j < c; j++) m.data[i * c + j] /= s;
        }
      }
    } else if (assumptions.some((a) => a.kind === 'mask' && a.name === name)) {
      for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < 0.5 ? 0 : 1;
    } else if (role.get(name) === 'positive') {
      for (let i = 0; i < m.data.length; i++) m.data[i] = 0.5 + rng.uniform();
    } else if (role.get(name) === 'invertible' && r === c) {
      // Near the identity: well conditioned, positive determinant (log det is defined).
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) m.data[i * c + j] = (i === j ? 1 : 0) + (0.3 * rng.normal()) / Math.sqrt(r);
    } else {
      for (let i = 0; i < m.data.length; i++) m.data[i] = scale * rng.normal();
    }
    if (assumptions.some((a) => a.kind === 'symmetric' && a.name === name)) {
      for (let i = 0; i < r; i++) for (let j = 0; j < i; j++) m.data[i * c + j] = m.data[j * c + i];
    }
    inputs[name] = m;
  }
  return inputs;
}

/** Where differences can straddle a jump in the derivative: the modules that say so, and relu′'s step. */
const nonSmooth = (op: string): boolean => op === 'step' || (unaryOpNamed(op)?.kinks.length ?? 0) > 0;

/** Checks `gradient` = ∂loss/∂wrt numerically; retries at new points only where kinks can fool differences. */
export function verifyGradient(loss: Node, wrt: Node, gradient: Node, options: VerifyOptions = {}): Verification {
  const { sizes, reduced } = chooseSizes(loss, options);
  const kinks = topoOrder([loss]).some((n) => nonSmooth(n.op));
  let last: Verification & { finite: boolean } = { ok: false, maxRelError: Infinity, precision: 'float64', checks: 0, shapes: {}, reduced, finite: false };
  for (let attempt = 0; attempt < 3; attempt++) {
    const rng = new Rng((options.seed ?? 20240607) + 7919 * attempt);
    try {
      last = checkOnce(loss, wrt, gradient, sizes, reduced, rng, options.assumptions ?? []);
    } catch (err) {
      // Sizes no test can take (negative, or beyond memory): the gradient is not verified, and says why.
      if (!(err instanceof Error) || err.name === 'AbortError') throw err;
      return { ok: false, maxRelError: Infinity, precision: 'float64', checks: 0, shapes: {}, reduced, message: `it could not be evaluated at the test sizes (${err.message})` };
    }
    // Another point only when this one was not finite (log of a negative) or may have crossed a kink.
    if (last.ok || (last.finite && !kinks)) break;
  }
  const { finite: _finite, ...verification } = last;
  return verification;
}

function checkOnce(loss: Node, wrt: Node, gradient: Node, sizes: Sizes, reduced: boolean, rng: Rng, assumptions: readonly Assumption[]): Verification & { finite: boolean } {
  const inputs = randomInputs(loss, sizes, rng, assumptions);
  const shapes: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(inputs)) shapes[k] = [v.rows, v.cols];
  const result = (ok: boolean, maxRelError: number, checks: number, message?: string) => ({ ok, maxRelError, precision: 'float64' as const, checks, shapes, reduced, finite: Number.isFinite(maxRelError), ...(message ? { message } : {}) });

  const name = wrt.name as string;
  const x0 = inputs[name];
  // A variable the loss does not read as a matrix (code mangled into a number) gets no random value.
  if (!x0) return result(false, Infinity, 0, `${name} has no value to vary in the expression`);
  const changing = dependents(loss, wrt);
  const fixed = new Set(topoOrder([loss]).filter((n) => !changing.has(n)));
  const ev = new Evaluator(sizes);
  const f = (x: Mat): number => ev.run(loss, { ...inputs, [name]: x }, fixed).data[0];
  const f0 = f(x0);
  if (!Number.isFinite(f0)) return result(false, Infinity, 0, 'the expression is not finite at the random point');
  const g = new Evaluator(sizes).run(gradient, inputs);
  if (g.rows !== x0.rows || g.cols !== x0.cols) return result(false, Infinity, 0, `the gradient is ${g.rows}×${g.cols} but ${name} is ${x0.rows}×${x0.cols}`);
  if (g.data.some((v) => !Number.isFinite(v))) return result(false, Infinity, 0, 'the gradient is not finite at the random point');

  const gnorm = M.frobeniusNorm(g);
  const xnorm = Math.max(M.frobeniusNorm(x0), 1);
  const directions: Mat[] = [];
  for (let k = 0; k < DIRECTIONS; k++) {
    const v = M.mat(x0.rows, x0.cols);
    for (let i = 0; i < v.data.length; i++) v.data[i] = rng.normal();
    const n = M.frobeniusNorm(v);
    for (let i = 0; i < v.data.length; i++) v.data[i] /= n;
    directions.push(v);
  }
  // The largest entry of the gradient and a few random ones.
  let big = 0;
  for (let i = 1; i < g.data.length; i++) if (Math.abs(g.data[i]) > Math.abs(g.data[big])) big = i;
  const picks = [big];
  for (let k = 1; k < Math.min(ELEMENTS, g.data.length); k++) picks.push(Math.floor(rng.uniform() * g.data.length));
  for (const i of picks) {
    const v = M.mat(x0.rows, x0.cols);
    v.data[i] = 1;
    directions.push(v);
  }

  let worst = 0;
  for (const v of directions) {
    const h = 1e-4 * xnorm;
    const at = (t: number) => {
      const x = M.mat(x0.rows, x0.cols);
      for (let i = 0; i < x.data.length; i++) x.data[i] = x0.data[i] + t * v.data[i];
      return f(x);
    };
    const d1 = (at(h) - at(-h)) / (2 * h);
    const d2 = (at(h / 2) - at(-h / 2)) / h;
    const numeric = (4 * d2 - d1) / 3;
    const analytic = M.frobeniusDot(g, v);
    if (!Number.isFinite(numeric)) return result(false, Infinity, directions.length, 'the expression is not finite near the random point');
    // Below this, differences are rounding noise: relative to the gradient's size and the loss's.
    const floor = 1e-8 * gnorm * M.frobeniusNorm(v) + (1e-10 * (1 + Math.abs(f0))) / xnorm;
    const err = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), floor);
    worst = Math.max(worst, err);
  }
  const ok = worst <= RTOL;
  return result(ok, worst, directions.length, ok ? undefined : `the symbolic gradient and finite differences differ (relative error ${worst.toExponential(2)})`);
}
