import type { Graph, NodeId } from '../../ir/graph';
import type { NumericEnv } from '../env';
import { descendants, sorted } from '../graph-walk';
import type { F64Tensor } from '../tensor';
import { F64_KERNELS } from './kernels';

/**
 * How an op depends on the inputs a perturbation reaches, when it is linear in them (the
 * other inputs held at their values):
 * - `one`: linear in each input separately (a product): exactly one input may move;
 * - `first`: linear in its first input only (the others are indices, a divisor, ...);
 * - `all`: jointly affine in every input (a sum): any of them may move.
 */
type Linearity = 'one' | 'first' | 'all';

const LINEAR: Record<string, Linearity> = {
  matmul: 'one',
  mul: 'one',
  outer: 'one',
  conv2d: 'one',
  div: 'first',
  neg: 'first',
  copy: 'first',
  transpose: 'first',
  reshape: 'first',
  flatten: 'first',
  expand_dims: 'first',
  squeeze: 'first',
  sum: 'first',
  mean: 'first',
  trace: 'first',
  diag: 'first',
  index: 'first',
  add: 'all',
  sub: 'all',
  concat: 'all',
};

/**
 * The loss along a line x + t·d through some nodes, split into what is linear in t and what
 * is not. Downstream of the perturbed nodes, every op linear in what moves has the value
 * base + t·T, with its tangent T computed once per line; only the ops past that frontier run
 * again for each t. For a probe of B in C·B·A, the product of the large matrices is computed
 * once per direction instead of at every step of every difference, and for a single element
 * it costs a row.
 */
export interface Line {
  /** Nodes on the frontier (read by an op that is not linear in them, or the loss) and their tangents. */
  frontier: Map<NodeId, F64Tensor>;
}

export function linearize(graph: Graph, env: NumericEnv, loss: NodeId, forward: ReadonlySet<NodeId>, directions: ReadonlyMap<NodeId, F64Tensor>, valueOf: (id: NodeId) => F64Tensor): Line {
  const tangents = new Map<NodeId, F64Tensor>(directions);
  const moving = descendants(graph, directions.keys());
  for (const id of sorted(moving)) {
    if (!forward.has(id) || tangents.has(id)) continue;
    const node = graph.nodes[id];
    const linearity = LINEAR[node.op];
    const kernel = F64_KERNELS[node.op];
    if (!linearity || !kernel) continue;
    const moves = node.inputs.map((i) => moving.has(i));
    const linear = node.inputs.every((i, k) => !moves[k] || tangents.has(i));
    const count = moves.filter(Boolean).length;
    if (!linear || (linearity === 'one' && count !== 1) || (linearity === 'first' && (!moves[0] || count !== 1))) continue;
    const args = node.inputs.map((i, k) => (moves[k] ? (tangents.get(i) as F64Tensor) : linearity === 'all' ? zerosLike(valueOf(i)) : valueOf(i)));
    tangents.set(id, kernel(args, { node, shape: env.shapeOf(node), inputNodes: node.inputs.map((i) => graph.nodes[i]), env }));
  }
  // Whatever reads a moving node moves too: the frontier is the tangent inputs of the moving ops without one.
  const frontier = new Map<NodeId, F64Tensor>();
  const lossTangent = tangents.get(loss);
  if (lossTangent) frontier.set(loss, lossTangent);
  for (const id of moving) {
    if (!forward.has(id) || tangents.has(id)) continue;
    for (const i of graph.nodes[id].inputs) {
      const t = tangents.get(i);
      if (t) frontier.set(i, t);
    }
  }
  return { frontier };
}

function zerosLike(t: F64Tensor): F64Tensor {
  return { shape: t.shape, data: new Float64Array(t.data.length) };
}
