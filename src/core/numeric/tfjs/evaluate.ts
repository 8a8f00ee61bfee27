import type { Tensor } from '@tensorflow/tfjs-core';
import type { Graph, NodeId } from '../../ir/graph';
import type { NumericEnv } from '../env';
import { Planner } from '../plan';
import { NumericError, walkGraph } from '../walk';
import type { F64Tensor } from '../tensor';
import { customOps } from './custom-ops';
import { asFloat, tfDtype } from './dtype';
import { TF_KERNELS } from './kernels';
import type { TfRuntime } from './load';
import type { TfKernelContext } from './types';

export interface TfRunOptions {
  /** Tensors that replace nodes (the inputs tf.grads differentiates with respect to). */
  overrides?: ReadonlyMap<NodeId, Tensor>;
  /** Tensors added to nodes: zero-valued taps whose gradient is the total derivative at that node. */
  taps?: ReadonlyMap<NodeId, Tensor>;
  /** An earlier run's tensors, reused for every node that depends on no override or tap. */
  cache?: ReadonlyMap<NodeId, Tensor>;
}

/** Uploads float64 leaf values as float32 (int32/bool for integer and boolean leaves). */
export function uploadLeaves(rt: TfRuntime, graph: Graph, leaves: ReadonlyMap<NodeId, F64Tensor>, ids: Iterable<NodeId>): Map<NodeId, Tensor> {
  const out = new Map<NodeId, Tensor>();
  for (const id of ids) {
    const v = leaves.get(id);
    if (!v) continue;
    const dtype = tfDtype(graph.nodes[id].dtype);
    out.set(id, rt.tf.tensor(dtype === 'float32' ? Float32Array.from(v.data) : dtype === 'int32' ? Int32Array.from(v.data) : Uint8Array.from(v.data), v.shape, dtype));
  }
  return out;
}

/**
 * Evaluates the graph on TensorFlow.js tensors, the same walk as the float64 evaluator.
 * It allocates: callers run it inside tf.tidy (or dispose the returned tensors).
 */
export class TfEvaluator {
  private readonly planner: Planner;

  constructor(
    readonly rt: TfRuntime,
    readonly graph: Graph,
    readonly env: NumericEnv,
    readonly leaves: ReadonlyMap<NodeId, Tensor>,
  ) {
    this.planner = new Planner(graph, env);
  }

  run(targets: Iterable<NodeId>, options: TfRunOptions = {}): Map<NodeId, Tensor> {
    const { tf } = this.rt;
    const ops = customOps(tf);
    const { overrides, taps, cache } = options;
    const plan = this.planner.plan(targets, taps?.keys() ?? [], overrides?.keys() ?? []);
    return walkGraph<Tensor>(this.graph, plan, { leaves: this.leaves, overrides, cache, tapped: taps && new Set(taps.keys()) }, {
      compute: (id, inputs) => {
        const node = this.graph.nodes[id];
        const kernel = TF_KERNELS[node.op];
        if (!kernel) throw new NumericError(id, `no TensorFlow.js kernel for ${node.op}`);
        const ctx: TfKernelContext = { tf, ops, node, shape: this.env.shapeOf(node), inputNodes: node.inputs.map((i) => this.graph.nodes[i]), env: this.env };
        try {
          return kernel(inputs, ctx);
        } catch (err) {
          throw new NumericError(id, (err as Error).message);
        }
      },
      product: (a, b, at, ta, tb) => {
        try {
          return ops.matmul2d(asFloat(tf, ta ? tf.transpose(a) : a), asFloat(tf, tb ? tf.transpose(b) : b));
        } catch (err) {
          throw new NumericError(at, (err as Error).message);
        }
      },
      tap: (id, value) => tf.add(value, taps?.get(id) as Tensor),
    }).values;
  }
}
