/**
 * An independent reference for the gradient tests: plain number[][] matrices, losses
 * written by hand, and central finite differences. Nothing here comes from
 * src/core/grad, so a bug in its evaluator cannot hide a wrong gradient.
 */
import { Evaluator } from '../../../src/core/grad/eval';
import type { Node } from '../../../src/core/grad/expr';
import { topoOrder } from '../../../src/core/grad/expr';
import type { Mat } from '../../../src/core/grad/matrix';

export type M = number[][];
export type Inputs = Record<string, M>;

export const rows = (a: M) => a.length;
export const cols = (a: M) => a[0].length;
export const T = (a: M): M => a[0].map((_, j) => a.map((r) => r[j]));
export const mm = (...ms: M[]): M =>
  ms.reduce((a, b) => a.map((r) => b[0].map((_, j) => r.reduce((s, v, k) => s + v * b[k][j], 0))));
export const zip = (a: M, b: M, f: (x: number, y: number) => number): M => a.map((r, i) => r.map((v, j) => f(v, b[i][j])));
export const map = (a: M, f: (x: number) => number): M => a.map((r) => r.map(f));
export const sum = (a: M): number => a.reduce((s, r) => s + r.reduce((t, v) => t + v, 0), 0);
export const had = (a: M, b: M) => zip(a, b, (x, y) => x * y);
export const sub = (a: M, b: M) => zip(a, b, (x, y) => x - y);
export const softmaxRows = (a: M): M =>
  a.map((r) => {
    const m = Math.max(...r);
    const e = r.map((v) => Math.exp(v - m));
    const s = e.reduce((x, y) => x + y, 0);
    return e.map((v) => v / s);
  });
export const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** Gauss–Jordan with partial pivoting. */
export function inv(a: M): M {
  const n = a.length;
  const m = a.map((r, i) => [...r, ...r.map((_, j) => (i === j ? 1 : 0))]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i][k]) > Math.abs(m[p][k])) p = i;
    [m[k], m[p]] = [m[p], m[k]];
    const d = m[k][k];
    m[k] = m[k].map((v) => v / d);
    for (let i = 0; i < n; i++) if (i !== k) m[i] = m[i].map((v, j) => v - m[i][k] * m[k][j]);
  }
  return m.map((r) => r.slice(n));
}

export function det(a: M): number {
  const n = a.length;
  const m = a.map((r) => [...r]);
  let d = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i][k]) > Math.abs(m[p][k])) p = i;
    if (p !== k) {
      [m[k], m[p]] = [m[p], m[k]];
      d = -d;
    }
    d *= m[k][k];
    for (let i = k + 1; i < n; i++) {
      const f = m[i][k] / m[k][k];
      for (let j = k; j < n; j++) m[i][j] -= f * m[k][j];
    }
  }
  return d;
}

/** A seeded generator, independent of the one in verify.ts. */
export function rng(seed: number) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

export function randn(r: number, c: number, g: ReturnType<typeof rng>, scale = 1): M {
  return Array.from({ length: r }, () => Array.from({ length: c }, () => scale * g.normal()));
}

export function oneHot(r: number, c: number, g: ReturnType<typeof rng>): M {
  return Array.from({ length: r }, () => {
    const k = Math.floor(g.uniform() * c);
    return Array.from({ length: c }, (_, j) => (j === k ? 1 : 0));
  });
}

/** Central differences of `f` with respect to every element of `inputs[name]`. */
export function fdGradient(f: (x: Inputs) => number, inputs: Inputs, name: string, h = 1e-6): M {
  const x = inputs[name];
  return x.map((r, i) =>
    r.map((_, j) => {
      const at = (t: number) => f({ ...inputs, [name]: x.map((rr, ii) => rr.map((v, jj) => (ii === i && jj === j ? v + t : v))) });
      return (at(h) - at(-h)) / (2 * h);
    }),
  );
}

/** Central differences along a direction: d/dt f(X + tV) at 0. */
export function fdDirectional(f: (x: Inputs) => number, inputs: Inputs, name: string, v: M, h = 1e-5): number {
  const x = inputs[name];
  const at = (t: number) => f({ ...inputs, [name]: x.map((r, i) => r.map((a, j) => a + t * v[i][j])) });
  return (at(h) - at(-h)) / (2 * h);
}

/** The symbolic gradient's value at `inputs` (sizes of symbols read off the inputs). */
export function evaluate(gradient: Node, loss: Node, inputs: Inputs): M {
  const symbols: Record<string, number> = {};
  const mats: Record<string, Mat> = {};
  for (const n of topoOrder([loss, gradient])) {
    if (n.op !== 'var') continue;
    const v = inputs[n.name as string];
    if (!v) throw new Error(`no input ${n.name}`);
    n.shape.forEach((d, axis) => {
      if (typeof d === 'string') symbols[d] = axis === 0 ? rows(v) : cols(v);
    });
    mats[n.name as string] = { rows: rows(v), cols: cols(v), data: Float64Array.from(v.flat()) };
  }
  const out = new Evaluator({ symbols }).run(gradient, mats);
  return Array.from({ length: out.rows }, (_, i) => Array.from(out.data.slice(i * out.cols, (i + 1) * out.cols)));
}

/** max |a − b| / max |b|: the error relative to the reference's scale. */
export function relError(a: M, b: M): number {
  let num = 0;
  let den = 0;
  a.forEach((r, i) =>
    r.forEach((v, j) => {
      num = Math.max(num, Math.abs(v - b[i][j]));
      den = Math.max(den, Math.abs(b[i][j]));
    }),
  );
  return num / Math.max(den, 1e-300);
}

export const col = (v: number[]): M => v.map((x) => [x]);
