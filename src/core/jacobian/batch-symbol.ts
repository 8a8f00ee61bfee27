import type { Graph } from '../ir/graph';
import { type Dim, dimSymbols, substituteDim } from '../shapes/dim';

/**
 * `C: ? x 1568` leaves the batch as the shared unknown '?'. In a formula "10?" reads
 * badly; the literature writes N. When the graph uses '?' and not N, the Jacobian
 * analysis reads '?' as N (a view of the graph with renamed shapes; the graph is not changed).
 */
export function nameUnknownBatch(graph: Graph): Graph {
  const symbols = new Set(graph.nodes.flatMap((n) => n.shape.flatMap(dimSymbols)));
  if (!symbols.has('?') || symbols.has('N')) return graph;
  const rename = (d: Dim): Dim => substituteDim(d, { '?': 'N' });
  return { nodes: graph.nodes.map((n) => ({ ...n, shape: n.shape.map(rename) })), names: graph.names };
}
