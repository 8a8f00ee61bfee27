import { strict as assert } from 'node:assert';
import { traceExpression } from '../../../src/core/trace/expression';
import { jacobianOf } from '../../../src/core/jacobian/index';
import { concreteSize } from '../../../src/core/jacobian/sizes';
import type { VecOrder } from '../../../src/core/jacobian/types';
import type { Case } from './cases';
import { evaluate, leafValues, matrixOf, numericJacobian } from './numeric';

/** The case's graph, its Jacobian as Grad Lens describes it, and the same Jacobian computed by TensorFlow.js. */
export function materialise(c: Case, vec: VecOrder) {
  const traced = traceExpression(c.expr, c.shapes, c.dims);
  assert.deepEqual(traced.problems.filter((p) => p.severity === 'error'), []);
  const graph = traced.graph;
  const of = graph.names.get(traced.output) as number;
  const wrt = graph.names.get(c.wrt) as number;
  const result = jacobianOf(graph, { wrt: c.wrt, of: traced.output, vec, dims: c.dims });
  const size = (d: number | string) => concreteSize(d, result.dims);
  const values = leafValues(graph, size);
  const numeric = numericJacobian(graph, of, wrt, values, vec);
  const lookup = (name: string) => {
    const id = graph.names.get(name);
    if (id === undefined) throw new Error(`no value ${name}`);
    return matrixOf(values.get(id) ?? evaluate(graph, id, values));
  };
  return { graph, result, numeric, lookup };
}
