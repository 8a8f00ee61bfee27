import type { Graph, NodeId } from '../ir/graph';
import { dimSymbols } from '../shapes/dim';
import { checkBudget, NumericEnv } from '../numeric/env';
import { F64Evaluator } from '../numeric/f64/evaluate';
import { ancestors } from '../numeric/graph-walk';
import { leafValues } from '../numeric/leaves';
import type { F64Tensor } from '../numeric/tensor';
import { Evaluator, type Sizes } from './eval';
import { topoOrder } from './expr';
import type { GraphReading } from './graph-reading';
import { toText } from './print/text';
import { randomInputs, Rng, scalarSymbols } from './verify';

/** Larger graphs are not cross-checked (the gradient is still verified on the expression). */
const MAX_ELEMENTS = 2e7;

/**
 * Evaluates the expression read from a graph and the graph itself (the float64 reference
 * evaluator) at the same random inputs: a recognised idiom or a dropped op shows up as
 * different losses. Null when they agree, or when the graph cannot be evaluated here.
 */
export function crossCheck(graph: Graph, lossId: NodeId, reading: GraphReading, dims: Record<string, number> = {}, maxElements = MAX_ELEMENTS): string | null {
  const env = new NumericEnv({ dims });
  const symbols: Record<string, number> = {};
  const nodes = topoOrder([reading.loss]);
  for (const n of nodes) {
    for (const d of n.shape) if (typeof d === 'string') for (const s of dimSymbols(d)) symbols[s] = env.symbol(s);
  }
  for (const s of scalarSymbols(nodes)) symbols[s] ??= env.symbol(s);
  const sizes: Sizes = { symbols };
  const needed = ancestors(graph, [lossId]);
  if (!checkBudget(graph, env, needed, maxElements).ok) return null;
  let ours: number;
  let theirs: number;
  try {
    const inputs = randomInputs(reading.loss, sizes, new Rng(11), reading.guaranteed);
    const overrides = new Map<NodeId, F64Tensor>();
    for (const [name, id] of reading.cuts) {
      const v = inputs[name];
      if (v) overrides.set(id, { shape: env.shapeOf(graph.nodes[id]), data: v.data });
    }
    // A one-hot matrix made from labels: the labels are its rows' argmax.
    for (const [name, labels] of reading.oneHotOf) {
      const y = inputs[name];
      const data = new Float64Array(y.rows);
      for (let i = 0; i < y.rows; i++) for (let j = 0; j < y.cols; j++) if (y.data[i * y.cols + j] === 1) data[i] = j;
      overrides.set(labels, { shape: [y.rows], data });
    }
    const leaves = leafValues(graph, env, needed);
    theirs = new F64Evaluator(graph, env, leaves).run([lossId], { overrides }).values.get(lossId)?.data[0] ?? NaN;
    ours = new Evaluator(sizes).run(reading.loss, inputs).data[0];
  } catch {
    return null;
  }
  if (!Number.isFinite(theirs) || !Number.isFinite(ours)) return null;
  if (Math.abs(ours - theirs) <= 1e-9 * Math.max(1, Math.abs(ours), Math.abs(theirs))) return null;
  return `the expression read from the code, ${toText(reading.loss)}, does not reproduce the code's value (${ours} vs ${theirs}); Grad Lens will not derive from a misreading`;
}
