import type { Graph, GraphNode, NodeId } from '../ir/graph';
import { ancestors } from '../numeric/graph-walk';

/** Names a loss usually has, most telling first. */
const LOSS_NAMES = ['loss', 'cost', 'E', 'L', 'J', 'total_loss', 'objective', 'error', 'err', 'l', 'nll', 'ce', 'mse'];

function rank(name: string): number {
  if (LOSS_NAMES.includes(name)) return 0;
  if (/loss|cost|error|objective/i.test(name)) return 1;
  return 2;
}

function isConstant(graph: Graph, node: GraphNode): boolean {
  for (const id of ancestors(graph, [node.id])) {
    const n = graph.nodes[id];
    if (n.inputs.length === 0 && n.op !== 'const' && n.dtype === 'float') return false;
  }
  return true;
}

/** A line that cannot run (the tracer's `shape_error` node) this node depends on, if any. */
export function brokenAncestor(graph: Graph, id: NodeId): NodeId | null {
  let first: NodeId | null = null;
  for (const a of ancestors(graph, [id])) if (graph.nodes[a].op === 'shape_error' && (first === null || a < first)) first = a;
  return first;
}

/**
 * The scalar the forward pass ends in: a named float scalar that depends on data and can
 * run (no shape error upstream), that no gradient-like variable feeds into; loss-like names first (loss, cost, E, L, J, then
 * names containing "loss"), the last computed among equals.
 */
export function findLoss(graph: Graph, gradientLike: ReadonlySet<NodeId>): NodeId | null {
  // Only the value a name stands for (graph.names) can be the loss: in a note that restates it, the first.
  const candidates = graph.nodes.filter((n) => n.name !== undefined && graph.names.get(n.name) === n.id && n.shape.length === 0 && n.dtype === 'float' && n.op !== 'const' && !gradientLike.has(n.id) && !isConstant(graph, n) && brokenAncestor(graph, n.id) === null);
  const clean = candidates.filter((n) => ![...ancestors(graph, n.inputs)].some((a) => gradientLike.has(a)));
  const pool = clean.length ? clean : candidates;
  let best: GraphNode | null = null;
  for (const n of pool) {
    if (!best || rank(n.name as string) < rank(best.name as string) || (rank(n.name as string) === rank(best.name as string) && n.id > best.id)) best = n;
  }
  return best ? best.id : null;
}
