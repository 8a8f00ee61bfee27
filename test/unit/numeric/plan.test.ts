import { strict as assert } from 'node:assert';
import type { NodeId } from '../../../src/core/ir/graph';
import { NumericEnv } from '../../../src/core/numeric/env';
import { F64Evaluator } from '../../../src/core/numeric/f64/evaluate';
import { matmul } from '../../../src/core/numeric/f64/linalg';
import { Planner } from '../../../src/core/numeric/plan';
import { Rng } from '../../../src/core/numeric/prng';
import type { F64Tensor } from '../../../src/core/numeric/tensor';
import { autodiff } from '../../../src/core/numeric/tfjs/autodiff';
import { loadTf } from '../../../src/core/numeric/tfjs/load';
import { assertClose, TestGraph } from './graph';

const rng = new Rng(7);
const filled = (shape: number[]) => Array.from(rng.normals(shape.reduce((p, d) => p * d, 1)));

/** C (6, 40) · B (40, 30) · A (30, 2), written left to right as the tracer records `C @ B @ A`. */
function seedChain(options: { nameInner?: boolean } = {}) {
  const g = new TestGraph();
  const C = g.input('C', [6, 40], filled([6, 40]));
  const B = g.input('B', [40, 30], filled([40, 30]));
  const A = g.input('A', [30, 2], filled([30, 2]));
  const CB = g.op('matmul', [C, B], {}, options.nameInner ? 'P' : undefined);
  const Z = g.op('matmul', [CB, A], {}, 'Z');
  return { g, C, B, A, CB, Z };
}

const value = (e: F64Evaluator, id: NodeId) => e.run([id]).values.get(id) as F64Tensor;

describe('numeric/plan: evaluation order and shared values', () => {
  it('evaluates C·B·A as C·(B·A) when that is cheaper, to the same values as the written order', () => {
    const { g, C, B, A, CB, Z } = seedChain();
    const plan = new Planner(g.graph, new NumericEnv()).plan([Z], []);
    // (C·B)·A costs 6·40·30 + 6·30·2 = 7,560 multiply-adds; C·(B·A) 40·30·2 + 6·40·2 = 2,880.
    const op = (node: NodeId) => ({ node, transposed: false });
    assert.deepEqual(plan.products.get(Z), [op(C), [op(B), op(A)]]);
    assert.ok(!plan.order.includes(CB), 'the inner product is not computed on its own');
    const written = matmul(matmul(g.values.get(C) as F64Tensor, g.values.get(B) as F64Tensor), g.values.get(A) as F64Tensor);
    const got = value(new F64Evaluator(g.graph, new NumericEnv(), g.values), Z);
    assert.deepEqual(got.shape, [6, 2]);
    assertClose(got.data, written.data, 1e-12, 'Z');
  });

  it('keeps the written order where it is already the cheapest, and for named or requested products', () => {
    const env = new NumericEnv();
    const named = seedChain({ nameInner: true });
    assert.equal(new Planner(named.g.graph, env).plan([named.Z], []).products.size, 0, 'a named product is a value of its own');
    const asked = seedChain();
    assert.equal(new Planner(asked.g.graph, env).plan([asked.Z, asked.CB], []).products.size, 0, 'a requested product is computed');
    assert.equal(new Planner(asked.g.graph, env).plan([asked.Z], [asked.CB]).products.size, 0, 'a perturbed product is computed');
    const g = new TestGraph();
    const x = g.input('x', [2, 50], filled([2, 50]));
    const W = g.input('W', [50, 40], filled([50, 40]));
    const V = g.input('V', [40, 30], filled([40, 30]));
    const y = g.op('matmul', [g.op('matmul', [x, W]), V], {}, 'y');
    assert.equal(new Planner(g.graph, env).plan([y], []).products.size, 0);
  });

  it('reads a transpose inside the product instead of copying it (X @ W.T, W.T @ X)', () => {
    const g = new TestGraph();
    const X = g.input('X', [5, 70], filled([5, 70]));
    // Odd sizes: the kernel's blocks of four rows and two columns both have remainders.
    const W = g.input('W', [31, 70], filled([31, 70]));
    const V = g.input('V', [5, 31], filled([5, 31]));
    const Wt = g.op('transpose', [W], { perm: null });
    const Y = g.op('matmul', [X, Wt], {}, 'Y');
    const Vt = g.op('transpose', [V], { perm: [1, 0] });
    const G = g.op('matmul', [Vt, Y], {}, 'G');
    const env = new NumericEnv();
    const plan = new Planner(g.graph, env).plan([G], []);
    assert.deepEqual(plan.products.get(Y), [{ node: X, transposed: false }, { node: W, transposed: true }]);
    assert.deepEqual(plan.products.get(G), [{ node: V, transposed: true }, { node: Y, transposed: false }]);
    assert.ok(!plan.order.includes(Wt) && !plan.order.includes(Vt));
    const t = (x: F64Tensor): F64Tensor => ({ shape: [x.shape[1], x.shape[0]], data: Float64Array.from({ length: x.data.length }, (_, i) => x.data[(i % x.shape[0]) * x.shape[1] + Math.floor(i / x.shape[0])]) });
    const y = matmul(g.values.get(X) as F64Tensor, t(g.values.get(W) as F64Tensor));
    const want = matmul(t(g.values.get(V) as F64Tensor), y);
    const run = new F64Evaluator(g.graph, env, g.values).run([G, Y]);
    assertClose((run.values.get(Y) as F64Tensor).data, y.data, 1e-12, 'Y');
    assertClose((run.values.get(G) as F64Tensor).data, want.data, 1e-12, 'G');
  });

  it('reuses the value of a repeated computation, but never shares two random leaves', () => {
    const { g, C, B, Z } = seedChain({ nameInner: true });
    const again = g.op('matmul', [C, B]);
    const t = g.op('transpose', [again], { perm: [1, 0] }, 'Pt');
    const plan = new Planner(g.graph, new NumericEnv()).plan([Z, t], []);
    assert.equal(plan.twins.get(again), g.graph.names.get('P'));
    const e = new F64Evaluator(g.graph, new NumericEnv(), g.values);
    const run = e.run([Z, t]);
    assert.equal(run.values.get(again), run.values.get(g.graph.names.get('P') as NodeId), 'the same array');
    assert.ok(!run.recomputed.has(again));
    const r = new TestGraph();
    const n1 = r.b.leaf('randn', 'randn', 'param', [3], 'float', { start: 0, end: 0 });
    const n2 = r.b.leaf('randn', 'randn', 'param', [3], 'float', { start: 0, end: 0 });
    const s = r.op('add', [n1, n2]);
    assert.equal(new Planner(r.graph, new NumericEnv()).plan([s], []).twins.size, 0);
  });

  it('recomputes a reassociated chain when one of its operands is perturbed', () => {
    const { g, B, Z } = seedChain();
    const e = new F64Evaluator(g.graph, new NumericEnv(), g.values);
    const base = e.run([Z]);
    const Bv = g.values.get(B) as F64Tensor;
    const moved = { shape: Bv.shape, data: Bv.data.slice() };
    moved.data[5] += 1e-3;
    const bump = e.run([Z], { cache: base.values, overrides: new Map([[B, moved]]) });
    assert.ok(bump.recomputed.has(Z));
    const cv = g.values.get(g.graph.names.get('C') as NodeId) as F64Tensor;
    const av = g.values.get(g.graph.names.get('A') as NodeId) as F64Tensor;
    assertClose((bump.values.get(Z) as F64Tensor).data, matmul(matmul(cv, moved), av).data, 1e-12, 'Z after the tap');
  });

  it('differentiates through a reassociated chain in float32 to the float64 gradient', async () => {
    const rt = await loadTf();
    const { g, C, B, A, Z } = seedChain();
    const loss = g.op('sum', [g.op('mul', [Z, Z])], {}, 'L');
    const env = new NumericEnv();
    const ad = autodiff(rt, g.graph, env, g.values, loss, [C, B, A]);
    // dL/dA = 2 (CB)ᵀ Z, worked out in float64 in the written order.
    const cv = g.values.get(C) as F64Tensor;
    const bv = g.values.get(B) as F64Tensor;
    const av = g.values.get(A) as F64Tensor;
    const cb = matmul(cv, bv);
    const z = matmul(cb, av);
    const t = (x: F64Tensor): F64Tensor => ({ shape: [x.shape[1], x.shape[0]], data: Float64Array.from({ length: x.data.length }, (_, i) => x.data[(i % x.shape[0]) * x.shape[1] + Math.floor(i / x.shape[0])]) });
    const dA = matmul(t(cb), z).data.map((v) => 2 * v);
    assertClose((ad.grads.get(A) as F64Tensor).data, dA, 1e-4, 'dL/dA');
    const dB = matmul(matmul(t(cv), z), t(av)).data.map((v) => 2 * v);
    assertClose((ad.grads.get(B) as F64Tensor).data, dB, 1e-4, 'dL/dB');
  });
});
