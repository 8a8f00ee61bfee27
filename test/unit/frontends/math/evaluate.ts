/** A note evaluated in float64: its declared inputs set, the values of its named results. */
import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { NumericEnv } from '../../../../src/core/numeric/env';
import { F64Evaluator } from '../../../../src/core/numeric/f64/evaluate';
import { leafValues } from '../../../../src/core/numeric/leaves';
import { fromArray, type F64Tensor } from '../../../../src/core/numeric/tensor';

/** The values of the named results of a note, its declared inputs set to `inputs` (row-major). */
export async function evaluate(note: string, inputs: Record<string, [number[], number[]]>, names: string[]): Promise<Record<string, F64Tensor>> {
  const a = await analyze(note, { language: 'math' });
  assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
  const env = new NumericEnv();
  const leaves = leafValues(a.graph, env, a.graph.nodes.filter((n) => n.inputs.length === 0).map((n) => n.id));
  for (const [name, [shape, data]] of Object.entries(inputs)) leaves.set(a.graph.names.get(name) as number, fromArray(shape, data));
  const ids = names.map((n) => a.graph.names.get(n) as number);
  const run = new F64Evaluator(a.graph, env, leaves).run(ids);
  return Object.fromEntries(names.map((n, k) => [n, run.values.get(ids[k]) as F64Tensor]));
}

export const list = (t: F64Tensor): number[] => [...t.data];
