import { strict as assert } from 'node:assert';
import { LossFunction } from '../../../../src/core/check/reference';
import { NumericEnv } from '../../../../src/core/numeric/env';
import { F64Evaluator } from '../../../../src/core/numeric/f64/evaluate';
import { linearize } from '../../../../src/core/numeric/f64/linear';
import { ancestors } from '../../../../src/core/numeric/graph-walk';
import { Rng } from '../../../../src/core/numeric/prng';
import type { F64Tensor } from '../../../../src/core/numeric/tensor';
import { TestGraph } from '../graph';

const rng = new Rng(3);
const normals = (n: number) => Array.from(rng.normals(n));

/** L = Σ relu(X·W + b)·V: W, b enter linearly up to the relu, V after it. */
function net() {
  const g = new TestGraph();
  const X = g.input('X', [5, 20], normals(100));
  const W = g.input('W', [20, 30], normals(600));
  const b = g.input('b', [30], normals(30));
  const V = g.input('V', [5, 30], normals(150));
  const pre = g.op('add', [g.op('matmul', [X, W]), b], {}, 'pre');
  const h = g.op('relu', [pre], {}, 'h');
  const loss = g.op('sum', [g.op('mul', [h, V])], {}, 'L');
  const e = new F64Evaluator(g.graph, new NumericEnv(), g.values);
  return { g, e, X, W, b, V, pre, h, loss };
}

describe('numeric/f64 linearize: probes re-run only what is not linear in the perturbation', () => {
  it('stops at the first op that is not linear in what moves, and gives the exact tangent there', () => {
    const { g, e, W, pre, loss } = net();
    const run = e.run([loss]);
    const D = { shape: [20, 30], data: Float64Array.from(normals(600)) };
    const line = linearize(g.graph, e.env, loss, ancestors(g.graph, [loss]), new Map([[W, D]]), (id) => run.values.get(id) as F64Tensor);
    assert.deepEqual([...line.frontier.keys()], [pre], 'the relu reads X·W + b, which moves linearly');
    // d(pre) = X·D, broadcast over the bias.
    const X = g.values.get(g.graph.names.get('X') as number) as F64Tensor;
    const t = line.frontier.get(pre) as F64Tensor;
    for (const [i, j] of [[0, 0], [4, 29], [2, 7]]) {
      let want = 0;
      for (let k = 0; k < 20; k++) want += X.data[i * 20 + k] * D.data[k * 30 + j];
      assert.ok(Math.abs(t.data[i * 30 + j] - want) < 1e-12, `tangent[${i}, ${j}]`);
    }
  });

  it('reaches the loss itself when everything after the perturbation is linear', () => {
    const { g, e, V, loss } = net();
    const run = e.run([loss]);
    const line = linearize(g.graph, e.env, loss, ancestors(g.graph, [loss]), new Map([[V, { shape: [5, 30], data: new Float64Array(150).fill(1) }]]), (id) => run.values.get(id) as F64Tensor);
    assert.deepEqual([...line.frontier.keys()], [loss]);
    // dL along all-ones V is Σ h.
    const h = run.values.get(g.graph.names.get('h') as number) as F64Tensor;
    assert.ok(Math.abs((line.frontier.get(loss) as F64Tensor).data[0] - h.data.reduce((s, x) => s + x, 0)) < 1e-12);
  });

  it('a probe along a line equals the loss evaluated at the moved point', () => {
    const { g, e, W, b, loss } = net();
    const fn = new LossFunction(e, loss);
    for (const [node, size] of [[W, 600], [b, 30]] as const) {
      const d = { shape: (g.values.get(node) as F64Tensor).shape, data: Float64Array.from(normals(size)) };
      for (const t of [1e-3, -0.5]) {
        const moved = g.values.get(node) as F64Tensor;
        const at = { shape: moved.shape, data: moved.data.map((x, i) => x + t * d.data[i]) };
        const direct = e.run([loss], { overrides: new Map([[node, at]]) }).values.get(loss) as F64Tensor;
        const probe = fn.probe.along(new Map([[node, d]]))(t);
        assert.ok(Math.abs(probe.value - direct.data[0]) < 1e-10 * Math.max(1, Math.abs(direct.data[0])), `${probe.value} vs ${direct.data[0]}`);
      }
      const e0 = fn.probe.along(new Map([[node, { index: 3 }]]))(0.25);
      const one = (g.values.get(node) as F64Tensor).data.slice();
      one[3] += 0.25;
      const direct = e.run([loss], { overrides: new Map([[node, { shape: (g.values.get(node) as F64Tensor).shape, data: one }]]) }).values.get(loss) as F64Tensor;
      assert.ok(Math.abs(e0.value - direct.data[0]) < 1e-10 * Math.max(1, Math.abs(direct.data[0])));
    }
  });
});
