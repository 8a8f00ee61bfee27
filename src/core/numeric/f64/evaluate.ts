import type { Graph, NodeId } from '../../ir/graph';
import type { NumericEnv } from '../env';
import { Planner } from '../plan';
import { NumericError, walkGraph } from '../walk';
import type { F64Tensor } from '../tensor';
import { F64_KERNELS } from './kernels';
import { KINKS } from './kinks';
import { product2d } from './linalg';
import type { KernelContext } from './types';

export interface F64RunOptions {
  /** Values that replace nodes (to differentiate with respect to an intermediate). */
  overrides?: ReadonlyMap<NodeId, F64Tensor>;
  /** An earlier run's values, reused for every node that depends on no override or tap. */
  cache?: ReadonlyMap<NodeId, F64Tensor>;
  /** Record the branch signature of every recomputed non-smooth op. */
  kinks?: boolean;
}

export interface F64Run {
  values: Map<NodeId, F64Tensor>;
  /** Branch signatures of the recomputed non-smooth nodes. */
  kinks: Map<NodeId, number>;
  /** Nodes computed in this run (not taken from the cache). */
  recomputed: Set<NodeId>;
}

/**
 * The float64 reference: evaluates the traced graph with NumPy semantics. Leaves come
 * from numeric/leaves.ts; only the ancestors of the requested nodes are computed.
 */
export class F64Evaluator {
  private readonly planner: Planner;

  constructor(
    readonly graph: Graph,
    readonly env: NumericEnv,
    readonly leaves: ReadonlyMap<NodeId, F64Tensor>,
  ) {
    this.planner = new Planner(graph, env);
  }

  run(targets: Iterable<NodeId>, options: F64RunOptions = {}): F64Run {
    const kinks = new Map<NodeId, number>();
    const { overrides, cache } = options;
    const plan = this.planner.plan(targets, [], overrides?.keys() ?? []);
    const walk = walkGraph<F64Tensor>(this.graph, plan, { leaves: this.leaves, overrides, cache }, {
      compute: (id, inputs) => {
        const node = this.graph.nodes[id];
        const kernel = F64_KERNELS[node.op];
        if (node.op === 'shape_error') throw new NumericError(id, `this line cannot run: ${String(node.attrs.message ?? 'a shape error')}`);
        if (!kernel) throw new NumericError(id, `no float64 kernel for ${node.op}`);
        const ctx: KernelContext = { node, shape: this.env.shapeOf(node), inputNodes: node.inputs.map((i) => this.graph.nodes[i]), env: this.env };
        let out: F64Tensor;
        try {
          out = kernel(inputs, ctx);
        } catch (err) {
          throw new NumericError(id, (err as Error).message);
        }
        const kink = options.kinks ? KINKS[node.op] : undefined;
        if (kink) kinks.set(id, kink(inputs, out, ctx));
        return out;
      },
      product: (a, b, at, ta, tb) => {
        try {
          return product2d(a, b, ta, tb);
        } catch (err) {
          throw new NumericError(at, (err as Error).message);
        }
      },
    });
    return { values: walk.values, kinks, recomputed: walk.recomputed };
  }
}
