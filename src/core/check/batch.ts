/**
 * A gradient that is wrong at the batch size the check chose but right when the batch
 * is one sample: the formula treats the N samples as one. The commonest way to get
 * there is vectorising a row-wise softmax (x = vec(softmax(Z))) and then using the
 * Jacobian of one softmax over all N·K entries, Diag(x) − x·xᵀ.
 */
import type { Graph, NodeId } from '../ir/graph';
import { ancestors } from '../numeric/graph-walk';

/** Ops that only move entries around: vec, reshapes, transposes. */
const REARRANGING = new Set(['reshape', 'flatten', 'transpose', 'expand_dims', 'squeeze', 'copy']);

/** How a symbol is called in messages: the unknown batch `?` is N. */
export function batchLabel(symbol: string): string {
  return symbol === '?' ? 'N' : symbol;
}

/**
 * Why a gradient built at `node` holds only for one sample, when its graph shows it: a
 * Diag(x) of a rearranged row-wise softmax of a matrix (the Jacobian of a single softmax
 * applied to N of them).
 */
export function batchOnlyReason(graph: Graph, node: NodeId): string | null {
  for (const id of ancestors(graph, [node])) {
    const n = graph.nodes[id];
    if (n.op !== 'diag') continue;
    let at = graph.nodes[n.inputs[0]];
    while (at && REARRANGING.has(at.op)) at = graph.nodes[at.inputs[0]];
    if (at && at.op === 'softmax' && at.shape.length === 2) {
      return 'vec(softmax(Z)) = softmax(vec Z) treats the N rows as one softmax; the row-wise Jacobian is block-diagonal, Diag(x_n) − x_n x_nᵀ per row';
    }
  }
  return null;
}

export function batchOnlyMessage(name: string, symbols: string[], at: number, maxAbsError: number | null, reason: string | null): string {
  const labels = symbols.map(batchLabel);
  const one = labels.map((s) => `${s} = 1`).join(', ');
  const checked = labels.map((s) => `${s} = ${at}`).join(', ');
  const off = maxAbsError !== null ? `off by up to ${maxAbsError.toPrecision(2)} at ${checked}` : `wrong at ${checked}`;
  return `${name} holds only when ${one}${reason ? `: ${reason}` : ''} (${off}; at ${one} it agrees with autodiff)`;
}
