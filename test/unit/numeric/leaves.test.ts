import { strict as assert } from 'node:assert';
import { NumericEnv } from '../../../src/core/numeric/env';
import { DEFAULT_CLASSES, leafValues } from '../../../src/core/numeric/leaves';
import type { F64Tensor } from '../../../src/core/numeric/tensor';
import { TestGraph } from './graph';

describe('numeric/leaves', () => {
  it('is deterministic, float32-representable, and follows NumPy creation semantics', () => {
    const g = new TestGraph();
    const r = g.b.leaf('randn', 'randn', 'constant', [50, 40], 'float', { start: 0, end: 0 });
    const z = g.b.leaf('zeros', 'zeros', 'constant', [3], 'float', { start: 0, end: 0 });
    const e = g.b.leaf('eye', 'eye', 'constant', [3, 3], 'float', { start: 0, end: 0 });
    const a = g.b.leaf('arange', 'arange', 'constant', [4], 'int', { start: 0, end: 0 }, { start: 2, stop: 6 });
    const env = new NumericEnv();
    const v1 = leafValues(g.graph, env, [r, z, e, a], 9);
    const v2 = leafValues(g.graph, env, [r, z, e, a], 9);
    assert.deepEqual(v1.get(r), v2.get(r));
    const x = (v1.get(r) as F64Tensor).data;
    assert.ok(x.every((v) => Math.fround(v) === v));
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const sd = Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    assert.ok(Math.abs(mean) < 0.1 && Math.abs(sd - 1) < 0.1);
    assert.deepEqual([...(v1.get(z) as F64Tensor).data], [0, 0, 0]);
    assert.deepEqual([...(v1.get(e) as F64Tensor).data], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    assert.deepEqual([...(v1.get(a) as F64Tensor).data], [2, 3, 4, 5]);
  });

  it('infers the class count of labels from how they index (P[arange(N), y], eye(K)[y]) or the logits', () => {
    const g = new TestGraph();
    const P = g.input('P', [200, 7]);
    const y = g.input('y', [200], undefined, 'labels', 'int');
    const n = g.b.leaf('arange', 'arange', 'constant', [200], 'int', { start: 0, end: 0 }, { start: 200 });
    g.op('index', [P, n, y], { items: [{ kind: 'tensor', input: 1 }, { kind: 'tensor', input: 2 }] });
    const y2 = g.input('y2', [200], undefined, 'labels', 'int');
    const eye = g.b.leaf('eye', 'eye', 'constant', [3, 3], 'float', { start: 0, end: 0 }, { n: 3 });
    g.op('index', [eye, y2], { items: [{ kind: 'tensor', input: 1 }] });
    const y3 = g.input('y3', [200], undefined, 'labels', 'int');
    const y4 = g.input('y4', [200], undefined, 'labels', 'int');
    g.op('cross_entropy', [P, y4]);
    const v = leafValues(g.graph, new NumericEnv(), [y, y2, y3, y4], 1);
    const max = (id: number) => Math.max(...(v.get(id) as F64Tensor).data);
    const ints = (id: number) => (v.get(id) as F64Tensor).data.every((x) => Number.isInteger(x) && x >= 0);
    assert.ok(ints(y) && ints(y2) && ints(y3) && ints(y4));
    assert.equal(max(y), 6);
    assert.equal(max(y2), 2);
    assert.equal(max(y3), DEFAULT_CLASSES - 1);
    assert.equal(max(y4), 6);
  });

  it('scales layer weights by 1/sqrt(fan-in)', () => {
    const g = new TestGraph();
    const w = g.b.leaf('param', 'randn', 'param', [30, 400], 'float', { start: 0, end: 0 });
    g.b.name(w, 'fc.weight');
    const v = (leafValues(g.graph, new NumericEnv(), [w], 2).get(w) as F64Tensor).data;
    const sd = Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
    assert.ok(Math.abs(sd - 1 / 20) < 0.005, String(sd));
  });
});
