import { strict as assert } from 'node:assert';
import { deriveFromGraph } from '../../../../src/core/grad/from-graph';
import type { Attrs } from '../../../../src/core/shapes/rules/types';
import { TestGraph } from '../../numeric/graph';

/** dE/dX for E = sum(op(X) ⊙ W), as Derive Gradient prints it (text, LaTeX, NumPy). */
export function derivedGradient(op: string, shape: number[], attrs: Attrs): { text: string; latex: string; numpy: string } {
  const t = new TestGraph();
  const x = t.input('X', shape);
  const y = t.op(op, [x], attrs, 'Y');
  const w = t.input('W', t.graph.nodes[y].shape as number[]);
  t.op('sum', [t.op('mul', [y, w])], {}, 'E');
  const result = deriveFromGraph(t.graph, 'E', 'X');
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.gradient;
}
