import type { Graph, GraphNode, NodeId } from '../ir/graph';
import type { NumericEnv } from './env';
import { chainOrder } from './chain-order';
import { ancestors, consumers, sorted } from './graph-walk';

/**
 * How a run evaluates the graph, beyond the plain walk in execution order:
 *
 * - Matrix-product chains are evaluated in their cheapest order. `C @ B @ A` is traced as
 *   `(C @ B) @ A`; with C (64, 1568), B (1568, 1024), A (1024, 10) that costs 103M
 *   multiply-adds where `C @ (B @ A)` costs 17M, and the backward pass inherits the order.
 *   Only unnamed intermediate products read by nothing else are reassociated, so every
 *   value a caller can ask for is still computed (as numpy.linalg.multi_dot does, the
 *   result differs from the written order by rounding only).
 * - A transpose read only by a product (`h.T @ dscores`, `dZ @ B.T`) is not materialised:
 *   the product reads its operand transposed.
 * - Common subexpressions: a node with the same op, inputs and attributes as an earlier one
 *   (hand-written backward code often recomputes `C @ B`) reuses its value.
 */
export interface EvaluationPlan {
  /** The nodes to evaluate, in execution order; the inner products of a chain are left out. */
  order: NodeId[];
  /** Products computed other than as written (reassociated, or with transposed operands), and how. */
  products: Map<NodeId, ProductTree>;
  /** Planned products → the operands their value depends on (what decides whether it must be recomputed). */
  sources: Map<NodeId, NodeId[]>;
  /** A node → an earlier node computing the same value. */
  twins: Map<NodeId, NodeId>;
}

/** An operand of a product: a node's value, or its transpose (a `.T` folded into the product). */
export interface Operand {
  node: NodeId;
  transposed: boolean;
}

/** A product of 2-D operands: a leaf is an operand, a pair the product of two subtrees. */
export type ProductTree = Operand | [ProductTree, ProductTree];

/** Reassociate only when the best order saves at least this fraction of the written one. */
const WORTHWHILE = 0.8;

/** Plans for one graph at one set of sizes, kept per request (a check asks the same ones many times). */
export class Planner {
  private readonly readers: NodeId[][];
  private readonly plans = new Map<string, EvaluationPlan>();

  constructor(
    readonly graph: Graph,
    readonly env: NumericEnv,
  ) {
    this.readers = consumers(graph);
  }

  /**
   * The plan for computing `targets`; `pinned` nodes (perturbed, asked for) keep their own
   * value, and `given` ones (overridden) too, without what they depend on.
   */
  plan(targets: Iterable<NodeId>, pinned: Iterable<NodeId>, given: Iterable<NodeId> = []): EvaluationPlan {
    const want = [...targets];
    const stops = new Set(given);
    const fixed = new Set<NodeId>([...pinned, ...want, ...stops]);
    const key = `${want.join(',')}|${[...fixed].join(',')}|${[...stops].join(',')}`;
    let plan = this.plans.get(key);
    if (!plan) {
      plan = planEvaluation(this.graph, this.env, this.readers, want, fixed, stops);
      if (this.plans.size > 256) this.plans.clear();
      this.plans.set(key, plan);
    }
    return plan;
  }
}

function planEvaluation(graph: Graph, env: NumericEnv, readers: NodeId[][], targets: NodeId[], pinned: ReadonlySet<NodeId>, stops: ReadonlySet<NodeId>): EvaluationPlan {
  const needed = sorted(ancestors(graph, targets, stops));
  const twins = commonSubexpressions(graph, needed, pinned);
  const twinned = new Set<NodeId>([...twins.keys(), ...twins.values()]);
  const is2d = (id: NodeId) => env.shapeOf(graph.nodes[id]).length === 2;
  const isProduct = (n: GraphNode) => n.op === 'matmul' && n.inputs.length === 2 && n.inputs.every(is2d);
  // An inner product can be folded into its reader: unnamed, read once, not asked for.
  const foldable = (id: NodeId) => {
    const n = graph.nodes[id];
    return isProduct(n) && n.name === undefined && readers[id].length === 1 && !pinned.has(id) && !twinned.has(id);
  };
  // A 2-D transpose only a product reads: the product takes its input transposed.
  const foldableTranspose = (id: NodeId) => {
    const n = graph.nodes[id];
    const perm = n.attrs.perm;
    const swaps = perm === null || perm === undefined || (Array.isArray(perm) && perm.length === 2 && (perm[0] === 1 || perm[0] === -1));
    return n.op === 'transpose' && swaps && is2d(id) && is2d(n.inputs[0]) && n.name === undefined && readers[id].length === 1 && !pinned.has(id) && !twinned.has(id);
  };
  const products = new Map<NodeId, ProductTree>();
  const sources = new Map<NodeId, NodeId[]>();
  const folded = new Set<NodeId>();
  for (let k = needed.length - 1; k >= 0; k--) {
    const id = needed[k];
    const node = graph.nodes[id];
    if (folded.has(id) || !isProduct(node) || twins.has(id)) continue;
    const operands: NodeId[] = [];
    const inner: NodeId[] = [];
    const flatten = (x: NodeId, root: boolean): ProductTree => {
      if (!root && !foldable(x)) {
        operands.push(x);
        return { node: x, transposed: false };
      }
      if (!root) inner.push(x);
      const [a, b] = graph.nodes[x].inputs;
      return [flatten(a, false), flatten(b, false)];
    };
    const written = flatten(id, true);
    const dims = [env.shapeOf(graph.nodes[operands[0]])[0], ...operands.map((o) => env.shapeOf(graph.nodes[o])[1])];
    const best = operands.length >= 3 ? chainOrder<ProductTree>(dims, (i) => ({ node: operands[i], transposed: false }), (a, b) => [a, b]) : null;
    const reorder = best !== null && best.cost < WORTHWHILE * productCost(written, dims);
    // Kept as written, the inner products are nodes of their own: only the two inputs are operands here.
    const own = reorder ? operands : node.inputs;
    const transposes = own.filter(foldableTranspose);
    if (!reorder && !transposes.length) continue;
    const tree: ProductTree = reorder ? best.result : [{ node: node.inputs[0], transposed: false }, { node: node.inputs[1], transposed: false }];
    const reads = (t: ProductTree): ProductTree => (Array.isArray(t) ? [reads(t[0]), reads(t[1])] : foldableTranspose(t.node) ? { node: graph.nodes[t.node].inputs[0], transposed: true } : t);
    products.set(id, reads(tree));
    sources.set(id, own.map((o) => (foldableTranspose(o) ? graph.nodes[o].inputs[0] : o)));
    if (reorder) for (const i of inner) folded.add(i);
    for (const t of transposes) folded.add(t);
  }
  return { order: needed.filter((id) => !folded.has(id)), products, sources, twins };
}

/** Multiply-adds of a product tree over operands whose shapes are (dims[i], dims[i+1]). */
function productCost(tree: ProductTree, dims: number[]): number {
  let next = 0;
  const visit = (t: ProductTree): { rows: number; cols: number; cost: number } => {
    if (!Array.isArray(t)) {
      const i = next++;
      return { rows: dims[i], cols: dims[i + 1], cost: 0 };
    }
    const a = visit(t[0]);
    const b = visit(t[1]);
    return { rows: a.rows, cols: b.cols, cost: a.cost + b.cost + a.rows * a.cols * b.cols };
  };
  return visit(tree).cost;
}

/** Nodes that repeat an earlier computation. Leaves never do: two `randn(3, 4)` are different values. */
function commonSubexpressions(graph: Graph, needed: NodeId[], pinned: ReadonlySet<NodeId>): Map<NodeId, NodeId> {
  const first = new Map<string, NodeId>();
  const twins = new Map<NodeId, NodeId>();
  for (const id of needed) {
    const n = graph.nodes[id];
    if (n.leaf || n.inputs.length === 0 || n.op === 'shape_error' || pinned.has(id)) continue;
    const key = `${n.op}(${n.inputs.join(',')})${JSON.stringify(n.attrs)}`;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, id);
    else twins.set(id, earlier);
  }
  return twins;
}
