import type { Graph, GraphNode, NodeId } from '../ir/graph';

/**
 * Every node the targets depend on, targets included; the search does not go past `stops`,
 * and, given `follows`, enters only the operands it accepts (by the node and operand index).
 */
export function ancestors(graph: Graph, targets: Iterable<NodeId>, stops?: ReadonlySet<NodeId>, follows?: (node: GraphNode, k: number) => boolean): Set<NodeId> {
  const seen = new Set<NodeId>();
  const stack = [...targets];
  while (stack.length) {
    const id = stack.pop() as NodeId;
    if (seen.has(id)) continue;
    seen.add(id);
    if (stops?.has(id)) continue;
    const node = graph.nodes[id];
    if (!follows) for (const i of node.inputs) stack.push(i);
    else node.inputs.forEach((i, k) => follows(node, k) && stack.push(i));
  }
  return seen;
}

/** An operand that is a value, not a position an indexing op reads: only values carry a gradient. */
const isValueOperand = (node: GraphNode, k: number): boolean => !((node.op === 'index' && k >= 1) || (node.op === 'index_update' && k >= 2));

/**
 * The ancestors of the targets that a gradient can reach: the walk does not enter the
 * positions an indexing op reads (`y` in `probs[arange(N), y]`, float or not), so labels
 * and the values they were built from are left out.
 */
export function differentiableAncestors(graph: Graph, targets: Iterable<NodeId>): Set<NodeId> {
  return ancestors(graph, targets, undefined, isValueOperand);
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
