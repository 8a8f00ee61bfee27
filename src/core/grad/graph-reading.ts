import type { NodeId } from '../ir/graph';
import type { Assumption } from './assumptions';
import type { Exprs, Node } from './expr';

/** A traced graph read as a symbolic expression: what the derivation and its cross-check use. */
export interface GraphReading {
  x: Exprs;
  loss: Node;
  vars: Map<string, Node>;
  /** Graph nodes that became variables, by variable name. */
  cuts: Map<string, NodeId>;
  /** One-hot variables made from integer labels (P[arange(N), y]): name → labels node. */
  oneHotOf: Map<string, NodeId>;
  /** What the code guarantees (rows of a one-hot matrix sum to 1). */
  guaranteed: Assumption[];
  /** Code names of intermediates, preferred in the steps. */
  names: Map<Node, string>;
}
