import type { Analysis } from './analysis';
import { planGradients } from './check/sites';
import type { Graph, NodeId } from './ir/graph';
import { ancestors } from './numeric/graph-walk';

/**
 * What a loss can be differentiated with respect to, for the editor's pickers (Derive
 * Gradient's quick pick, the panel's dropdowns): the loss the check would find, its
 * inputs (names computed from no other float name: data, parameters, one-hot labels) in
 * the order the computation first uses them (C, B, A for C·B·A, whatever order they were
 * declared in), then the named intermediates in execution order.
 */
export interface Differentiable {
  /** The scalar loss, as `checkGradients` finds it; null when there is none. */
  loss: string | null;
  /** Inputs and intermediates are those of the loss, or without one, of the last operation. */
  inputs: string[];
  intermediates: string[];
}

export function differentiable(analysis: Pick<Analysis, 'graph' | 'program'>): Differentiable {
  const { graph } = analysis;
  const lossId = planGradients(graph, analysis.program).loss;
  const ops = graph.nodes.filter((n) => n.inputs.length > 0);
  const outId = lossId ?? (ops.length ? ops[ops.length - 1].id : null);
  if (outId === null) return { loss: null, inputs: [], intermediates: [] };
  const loss = lossId === null ? null : (graph.nodes[lossId].name ?? null);
  const forward = ancestors(graph, [outId]);
  // A name's latest value is what the derivation reads (graph.names), so only those count.
  const named = [...graph.names.entries()]
    .filter(([name, id]) => id !== outId && name !== loss && forward.has(id) && graph.nodes[id].dtype === 'float')
    .map(([name, id]) => ({ name, id }));
  const firstUse = firstConsumers(graph, forward);
  const inputs = named
    .filter((n) => isInput(graph, n.id))
    .sort((a, b) => (firstUse.get(a.id) ?? Infinity) - (firstUse.get(b.id) ?? Infinity) || a.id - b.id)
    .map((n) => n.name);
  const intermediates = named
    .filter((n) => !inputs.includes(n.name))
    .sort((a, b) => a.id - b.id)
    .map((n) => n.name);
  return { loss, inputs, intermediates };
}

/** No named float value above it: the code creates it (randn(...) * 0.01, eye(K)[y], a declaration). */
function isInput(graph: Graph, id: NodeId): boolean {
  const stack = [...graph.nodes[id].inputs];
  const seen = new Set<NodeId>();
  while (stack.length) {
    const n = graph.nodes[stack.pop() as NodeId];
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    if (n.name !== undefined && n.dtype === 'float' && n.op !== 'const') return false;
    stack.push(...n.inputs);
  }
  return true;
}

/**
 * For each node, a key ordering it by where the loss's computation first reads it: the
 * first consumer's id, then the operand position (C before B in C·B).
 */
function firstConsumers(graph: Graph, forward: ReadonlySet<NodeId>): Map<NodeId, number> {
  const out = new Map<NodeId, number>();
  for (const n of graph.nodes) {
    if (!forward.has(n.id)) continue;
    n.inputs.forEach((i, k) => {
      if (!out.has(i)) out.set(i, n.id * 64 + Math.min(k, 63));
    });
  }
  return out;
}
