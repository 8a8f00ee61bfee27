import type { Graph, NodeId } from '../ir/graph';
import type { EvaluationPlan, ProductTree } from './plan';

/** A node that could not be evaluated, with the reason. */
export class NumericError extends Error {
  constructor(
    readonly node: NodeId,
    message: string,
  ) {
    super(message);
  }
}

/** What a value type brings to the walk: the float64 arrays and the TensorFlow.js tensors. */
export interface WalkHooks<V> {
  /** The node's op on its inputs' values. */
  compute(id: NodeId, inputs: V[]): V;
  /** A 2-D matrix product op(a)·op(b) of a planned product (`at` is its node), op transposing when asked. */
  product(a: V, b: V, at: NodeId, transposeA: boolean, transposeB: boolean): V;
  /** The node's value with its perturbation added (for the nodes in `tapped`). */
  tap?(id: NodeId, value: V): V;
}

export interface WalkOptions<V> {
  /** The leaves' values. */
  leaves: ReadonlyMap<NodeId, V>;
  /** Values that replace nodes. */
  overrides?: ReadonlyMap<NodeId, V>;
  /** Nodes whose value gets a perturbation (hooks.tap); upstream they stay connected. */
  tapped?: ReadonlySet<NodeId>;
  /** An earlier run's values, reused for every node that depends on no override or tap. */
  cache?: ReadonlyMap<NodeId, V>;
}

export interface Walk<V> {
  values: Map<NodeId, V>;
  /** Nodes computed by their op in this run (not taken from the cache or a twin). */
  recomputed: Set<NodeId>;
}

/**
 * Evaluates a plan in execution order, the walk every evaluator shares: overrides replace
 * nodes, taps perturb them, and a node is taken from the cache unless something it depends
 * on was overridden or perturbed in this run.
 */
export function walkGraph<V>(graph: Graph, plan: EvaluationPlan, options: WalkOptions<V>, hooks: WalkHooks<V>): Walk<V> {
  const values = new Map<NodeId, V>();
  const recomputed = new Set<NodeId>();
  const dirty = new Set<NodeId>();
  const { leaves, overrides, tapped, cache } = options;
  for (const id of plan.order) {
    const override = overrides?.get(id);
    if (override !== undefined) {
      values.set(id, override);
      dirty.add(id);
      continue;
    }
    const node = graph.nodes[id];
    const planned = plan.products.get(id);
    const inputsDirty = dirty.size > 0 && (plan.sources.get(id) ?? node.inputs).some((i) => dirty.has(i));
    let value = inputsDirty ? undefined : cache?.get(id);
    if (value === undefined) {
      const twin = plan.twins.get(id);
      value = twin === undefined ? undefined : (values.get(twin) ?? (inputsDirty ? undefined : cache?.get(twin)));
    }
    if (value === undefined) {
      if (node.leaf || node.inputs.length === 0) {
        value = leaves.get(id);
        if (value === undefined) throw new NumericError(id, `no value for the leaf ${node.name ?? node.op}`);
      }
      else if (planned !== undefined && Array.isArray(planned)) value = product(planned, values, hooks, id);
      else value = hooks.compute(id, node.inputs.map((i) => values.get(i) as V));
      recomputed.add(id);
    }
    if (inputsDirty) dirty.add(id);
    if (tapped?.has(id) && hooks.tap) {
      value = hooks.tap(id, value);
      dirty.add(id);
    }
    values.set(id, value);
  }
  return { values, recomputed };
}

function product<V>(tree: ProductTree, values: ReadonlyMap<NodeId, V>, hooks: WalkHooks<V>, at: NodeId): V {
  const operand = (t: ProductTree): { value: V; transposed: boolean } => (Array.isArray(t) ? { value: product(t, values, hooks, at), transposed: false } : { value: values.get(t.node) as V, transposed: t.transposed });
  const a = operand((tree as [ProductTree, ProductTree])[0]);
  const b = operand((tree as [ProductTree, ProductTree])[1]);
  return hooks.product(a.value, b.value, at, a.transposed, b.transposed);
}
