// Each rule's two halves agree: G : dY(dX) = adjoint(G) : dX, numerically, for every op.
import { strict as assert } from 'node:assert';
import { Evaluator } from '../../../src/core/grad/eval';
import { Exprs, type Node, type Shape2 } from '../../../src/core/grad/expr';
import type { Mat } from '../../../src/core/grad/matrix';
import { RULES } from '../../../src/core/grad/rules';
import { rng } from './reference';

type Build = (x: Exprs, args: Node[]) => Node;
const CASES: { name: string; shapes: Shape2[]; build: Build; positive?: boolean }[] = [
  { name: 'matmul', shapes: [[3, 4], [4, 2], [2, 5]], build: (x, a) => x.matmul(...a) },
  { name: 'transpose', shapes: [[3, 4]], build: (x, [a]) => x.transpose(a) },
  { name: 'trace', shapes: [[3, 3]], build: (x, [a]) => x.trace(a) },
  { name: 'inv', shapes: [[3, 3]], build: (x, [a]) => x.inv(a) },
  { name: 'det', shapes: [[3, 3]], build: (x, [a]) => x.det(a) },
  { name: 'Diag', shapes: [[3, 1]], build: (x, [a]) => x.Diag(a) },
  { name: 'diag', shapes: [[3, 3]], build: (x, [a]) => x.diag(a) },
  { name: 'add', shapes: [[3, 4], [3, 4]], build: (x, [a, b]) => x.add(a, b) },
  { name: 'add, a row broadcast', shapes: [[3, 4], [1, 4]], build: (x, [a, b]) => x.add(a, b) },
  { name: 'sub, a column broadcast', shapes: [[3, 4], [3, 1]], build: (x, [a, b]) => x.sub(a, b) },
  { name: 'mul (Hadamard)', shapes: [[3, 4], [3, 4]], build: (x, [a, b]) => x.mul(a, b) },
  { name: 'mul by a scalar', shapes: [[1, 1], [3, 4]], build: (x, [a, b]) => x.mul(a, b) },
  { name: 'div', shapes: [[3, 4], [3, 4]], build: (x, [a, b]) => x.div(a, b), positive: true },
  { name: 'neg', shapes: [[3, 4]], build: (x, [a]) => x.neg(a) },
  { name: 'pow 3', shapes: [[3, 4]], build: (x, [a]) => x.pow(a, 3) },
  { name: 'pow 0.5', shapes: [[3, 4]], build: (x, [a]) => x.pow(a, 0.5), positive: true },
  ...(['exp', 'log', 'sqrt', 'tanh', 'sigmoid', 'relu', 'abs'] as const).map((f) => ({ name: f, shapes: [[3, 4]] as Shape2[], build: ((x, [a]) => x.fn(f, a)) as Build, positive: f === 'log' || f === 'sqrt' })),
  { name: 'sum', shapes: [[3, 4]], build: (x, [a]) => x.sum(a) },
  { name: 'sum down columns', shapes: [[3, 4]], build: (x, [a]) => x.sum(a, 0) },
  { name: 'sum along rows', shapes: [[3, 4]], build: (x, [a]) => x.sum(a, 1) },
  { name: 'prod', shapes: [[3, 4]], build: (x, [a]) => x.prod(a) },
  { name: 'prod down columns', shapes: [[3, 4]], build: (x, [a]) => x.prod(a, 0) },
  { name: 'prod along rows', shapes: [[3, 4]], build: (x, [a]) => x.prod(a, 1) },
  { name: 'block', shapes: [[4, 5]], build: (x, [a]) => x.block(a, [1, 2], [2, 3]) },
  { name: 'embed', shapes: [[2, 3]], build: (x, [a]) => x.embed(a, [1, 0], [4, 5]) },
  { name: 'kron', shapes: [[2, 3], [4, 2]], build: (x, [a, b]) => x.kron(a, b) },
  { name: 'kron of a column and a row', shapes: [[3, 1], [1, 2]], build: (x, [a, b]) => x.kron(a, b) },
  { name: 'norm', shapes: [[3, 4]], build: (x, [a]) => x.norm(a) },
  { name: 'softmax', shapes: [[3, 4]], build: (x, [a]) => x.softmax(a) },
  { name: 'standardize', shapes: [[3, 4]], build: (x, [a]) => x.standardize(a, 1e-3) },
];

function random(shape: Shape2, g: ReturnType<typeof rng>, positive = false, square = false): Mat {
  const [r, c] = shape as [number, number];
  const data = Float64Array.from({ length: r * c }, (_, i) => (square ? (i % (c + 1) === 0 ? 1 : 0) + 0.2 * g.normal() : positive ? 0.5 + g.uniform() : g.normal()));
  return { rows: r, cols: c, data };
}

const dot = (a: Mat, b: Mat) => a.data.reduce((s, v, i) => s + v * b.data[i], 0);

describe('grad: every rule’s differential and adjoint agree', () => {
  CASES.forEach((c, k) => {
    it(c.name, () => {
      const x = new Exprs();
      const args = c.shapes.map((s, i) => x.variable(`a${i}`, s));
      const y = c.build(x, args);
      const rule = RULES[y.op];
      assert.ok(rule, `no rule for ${y.op}`);
      const g = rng(300 + k);
      const square = ['inv', 'det'].includes(y.op);
      const inputs: Record<string, Mat> = {};
      args.forEach((a, i) => (inputs[`a${i}`] = random(a.shape, g, c.positive, square)));
      const G = x.variable('G', y.shape);
      inputs.G = random(y.shape, g);
      const ev = new Evaluator({ symbols: {} });
      args.forEach((a, i) => {
        const dX = x.variable('dX', a.shape);
        inputs.dX = random(a.shape, g);
        const forward = rule.differential(x, y, args.map((_, j) => (j === i ? dX : null)));
        const back = rule.adjoint(x, y, G, i) as Node;
        const lhs = dot(ev.run(G, inputs), ev.run(forward, inputs));
        const rhs = dot(ev.run(back, inputs), inputs.dX);
        assert.ok(Math.abs(lhs - rhs) <= 1e-10 * Math.max(1, Math.abs(lhs)), `argument ${i}: ${lhs} vs ${rhs}`);
      });
    });
  });
});
