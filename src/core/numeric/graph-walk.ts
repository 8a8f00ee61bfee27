import type { Graph, NodeId } from '../ir/graph';

/** Every node the targets depend on, targets included; the search does not go past `stops`. */
export function ancestors(graph: Graph, targets: Iterable<NodeId>, stops?: ReadonlySet<NodeId>): Set<NodeId> {
  const seen = new Set<NodeId>();
  const stack = [...targets];
  while (stack.length) {
    const id = stack.pop() as NodeId;
    if (seen.has(id)) continue;
    seen.add(id);
    if (stops?.has(id)) continue;
    for (const i of graph.nodes[id].inputs) stack.push(i);
  }
  return seen;
}

/** The operands of an indexing op that are positions, not values: no gradient flows into them. */
function isPositionOperand(op: string, k: number): boolean {
  return (op === 'index' && k >= 1) || (op === 'index_update' && k >= 2);
}

/**
 * The ancestors of the targets that a gradient can reach: the walk does not enter the
 * positions an indexing op reads (`y` in `probs[arange(N), y]`, float or not), so labels
 * and the values they were built from are left out.
 */
export function differentiableAncestors(graph: Graph, targets: Iterable<NodeId>): Set<NodeId> {
  const seen = new Set<NodeId>();
  const stack = [...targets];
  while (stack.length) {
    const id = stack.pop() as NodeId;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = graph.nodes[id];
    n.inputs.forEach((i, k) => {
      if (!isPositionOperand(n.op, k)) stack.push(i);
    });
  }
  return seen;
}

/** Every node that depends on one of the sources, sources included. Nodes are in execution order. */
export function descendants(graph: Graph, sources: Iterable<NodeId>): Set<NodeId> {
  const out = new Set<NodeId>(sources);
  const first = Math.min(...out);
  for (let id = first; id < graph.nodes.length; id++) {
    if (out.has(id)) continue;
    if (graph.nodes[id].inputs.some((i) => out.has(i))) out.add(id);
  }
  return out;
}

/** For each node, the nodes that read it. */
export function consumers(graph: Graph): NodeId[][] {
  const out: NodeId[][] = graph.nodes.map(() => []);
  for (const n of graph.nodes) for (const i of n.inputs) if (!out[i].includes(n.id)) out[i].push(n.id);
  return out;
}

/** Ids in ascending (execution) order. */
export function sorted(ids: Iterable<NodeId>): NodeId[] {
  return [...ids].sort((a, b) => a - b);
}
