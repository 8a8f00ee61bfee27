// The agreement checks every op goes through: the float64 kernel against the TensorFlow.js
// kernel (forward), and TensorFlow.js autodiff against float64 finite differences.
import { strict as assert } from 'node:assert';
import type { NodeId } from '../../../src/core/ir/graph';
import { LossFunction } from '../../../src/core/check/reference';
import { NumericEnv } from '../../../src/core/numeric/env';
import { F64Evaluator } from '../../../src/core/numeric/f64/evaluate';
import { fdCheck } from '../../../src/core/numeric/fd';
import { Rng } from '../../../src/core/numeric/prng';
import { type F64Tensor, maxAbs } from '../../../src/core/numeric/tensor';
import { autodiff } from '../../../src/core/numeric/tfjs/autodiff';
import { TfEvaluator, uploadLeaves } from '../../../src/core/numeric/tfjs/evaluate';
import { loadTf } from '../../../src/core/numeric/tfjs/load';
import type { Attrs } from '../../../src/core/shapes/rules/types';
import { TestGraph } from './graph';

export type Gen = 'normal' | 'positive' | 'away' | 'spd' | 'wellcond' | { ints: number } | { bool: true } | { values: number[] } | { probs: number };
export interface Input {
  shape: number[];
  gen?: Gen;
  /** Not differentiated (integer indices, masks, targets). */
  fixed?: boolean;
}
export interface Case {
  name: string;
  op: string;
  inputs: Input[];
  attrs?: Attrs;
  /** Piecewise constant or integer-valued: forward only. */
  noGrad?: boolean;
}

export const I = (...shape: number[]): Input => ({ shape });
export const P = (...shape: number[]): Input => ({ shape, gen: 'positive' });
export const A = (...shape: number[]): Input => ({ shape, gen: 'away' });
export const ints = (n: number, ...shape: number[]): Input => ({ shape, gen: { ints: n }, fixed: true });
export const mask = (...shape: number[]): Input => ({ shape, gen: { bool: true }, fixed: true });
export const S = { kind: 'slice', start: null, stop: null, step: null };

/** Values drawn as the input asks (integers in range, a mask, probability rows). */
export function values(input: Input, rng: Rng): number[] {
  const n = input.shape.reduce((p, d) => p * d, 1);
  const g = input.gen ?? 'normal';
  const k = input.shape[input.shape.length - 1] ?? 1;
  if (g === 'normal') return Array.from({ length: n }, () => rng.normal());
  if (g === 'positive') return Array.from({ length: n }, () => 0.5 + rng.uniform() * 2);
  if (g === 'away') return Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1) * (0.3 + rng.uniform()));
  if (g === 'wellcond' || g === 'spd') {
    const m = Array.from({ length: n }, () => 0.3 * rng.normal());
    for (let i = 0; i < k; i++) m[i * k + i] += 2;
    if (g === 'spd') for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) m[i * k + j] = m[j * k + i];
    return m;
  }
  if ('ints' in g) return Array.from({ length: n }, () => rng.int(0, g.ints));
  if ('bool' in g) return Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 1 : 0));
  if ('values' in g) return g.values.slice(0, n);
  const rows = Array.from({ length: n / g.probs }, () => {
    const r = Array.from({ length: g.probs }, () => rng.uniform());
    const s = r.reduce((p, v) => p + v, 0);
    return r.map((v) => v / s);
  });
  return rows.flat();
}

function build(c: Case, seed: number) {
  const rng = new Rng(seed);
  const g = new TestGraph();
  const ids = c.inputs.map((inp, i) => {
    const dtype = inp.gen && typeof inp.gen === 'object' && 'ints' in inp.gen ? 'int' : inp.gen && typeof inp.gen === 'object' && 'bool' in inp.gen ? 'bool' : inp.gen && typeof inp.gen === 'object' && 'values' in inp.gen && inp.fixed ? 'int' : 'float';
    return g.input(`x${i}`, inp.shape, values(inp, rng).map((v) => Math.fround(v)), 'data', dtype);
  });
  const out = g.op(c.op, ids, c.attrs ?? {});
  // A scalar loss that weighs every output element differently (at the output's actual shape: a mask's is data-dependent).
  const shape = (new F64Evaluator(g.graph, new NumericEnv(), g.values).run([out]).values.get(out) as F64Tensor).shape;
  const w = g.input('w', shape, Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => Math.fround(rng.normal())));
  const loss = g.op('sum', [g.op('mul', [out, w])]);
  const diff = c.inputs.map((inp, i) => (inp.fixed || g.graph.nodes[ids[i]].dtype !== 'float' ? null : ids[i])).filter((x): x is NodeId => x !== null);
  return { g, out, loss, diff };
}

/**
 * One op case: the traced shape, the float64 kernel and the TensorFlow.js kernel agree on
 * the output, and (unless the op is piecewise constant) autodiff agrees with float64
 * central differences of the loss sum(out ⊙ w).
 */
export async function checkKernels(c: Case): Promise<void> {
  const rt = await loadTf();
  const { g, out, loss, diff } = build(c, c.name.length * 7919);
  const env = new NumericEnv();
  const f64 = new F64Evaluator(g.graph, env, g.values);
  const ref = f64.run([out]).values.get(out) as F64Tensor;
  // The shape rule's known sizes are the kernel's (a mask's result is data-dependent, '?').
  const traced = g.graph.nodes[out].shape;
  assert.equal(traced.length, ref.shape.length, `${c.name}: the shape rule says rank ${traced.length}, the kernel gives ${ref.shape}`);
  traced.forEach((d, i) => assert.ok(typeof d !== 'number' || d === ref.shape[i], `${c.name}: the shape rule says ${traced}, the kernel gives ${ref.shape}`));
  const start = rt.tf.memory().numTensors;
  const leaves = uploadLeaves(rt, g.graph, g.values, g.values.keys());
  rt.tf.tidy(() => {
    const t = new TfEvaluator(rt, g.graph, env, leaves).run([out]).get(out);
    assert.ok(t);
    assert.deepEqual(t.shape, ref.shape);
    const got = t.dataSync();
    const scale = Math.max(1, maxAbs(ref.data));
    ref.data.forEach((v, i) => assert.ok(Math.abs(got[i] - v) <= 2e-5 * scale, `${c.name}[${i}]: tfjs ${got[i]} vs float64 ${v}`));
  });
  for (const t of leaves.values()) t.dispose();
  if (c.noGrad || !diff.length) return;
  const ad = autodiff(rt, g.graph, env, g.values, loss, diff);
  assert.equal(rt.tf.memory().numTensors, start, 'tensors left behind');
  const fn = new LossFunction(f64, loss);
  const vars = diff.map((id) => ({ node: id, value: g.values.get(id) as F64Tensor, grad: ad.grads.get(id) as F64Tensor }));
  const report = fdCheck(fn.probe, vars, { rng: new Rng(3), precision: 'float32', directions: 2, samples: 3 });
  assert.ok(report.checks.length >= 3, `${c.name}: only ${report.checks.length} probes ran`);
  assert.ok(report.ok, `${c.name}: autodiff and finite differences disagree: ${JSON.stringify(report.checks.filter((x) => !x.ok))}`);
}
