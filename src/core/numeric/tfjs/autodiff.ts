import type { Tensor } from '@tensorflow/tfjs-core';
import type { Graph, NodeId } from '../../ir/graph';
import type { NumericEnv } from '../env';
import { ancestors } from '../graph-walk';
import type { F64Tensor } from '../tensor';
import { TfEvaluator, uploadLeaves } from './evaluate';
import type { TfRuntime } from './load';
import { readF64 } from './read';

export interface AutodiffResult {
  /** The loss in float32. */
  loss: number;
  /** dLoss/dNode (total derivative) for each target, converted to float64 arrays. */
  grads: Map<NodeId, F64Tensor>;
  /** Forward values (float32) of the requested nodes, for comparisons with the float64 run. */
  values: Map<NodeId, F64Tensor>;
}

/**
 * Gradients of a scalar loss with respect to any nodes of the graph, leaves or
 * intermediates, in one backward pass. A target none of whose ancestors is another target
 * is replaced by an input tensor (tf.grads differentiates with respect to it directly); the
 * others get a zero-valued tap added to their value, whose gradient is the total derivative
 * at that node while the gradient still flows on to the targets upstream.
 * Every tensor is released before returning.
 */
export function gradientsTf(rt: TfRuntime, graph: Graph, env: NumericEnv, leafTensors: ReadonlyMap<NodeId, Tensor>, loss: NodeId, targets: NodeId[], keep: NodeId[] = []): AutodiffResult {
  const { tf } = rt;
  let result: AutodiffResult | undefined;
  tf.tidy(() => {
    const evaluator = new TfEvaluator(rt, graph, env, leafTensors);
    // Only what the targets need: the forward pass itself runs once, inside f.
    const base = evaluator.run([...targets, ...keep]);
    const targetSet = new Set(targets);
    const replaced: NodeId[] = [];
    const tapped: NodeId[] = [];
    for (const t of targets) {
      const upstream = ancestors(graph, graph.nodes[t].inputs);
      ([...upstream].some((u) => targetSet.has(u)) ? tapped : replaced).push(t);
    }
    const order = [...replaced, ...tapped];
    const xs = order.map((t, i) => (i < replaced.length ? (base.get(t) as Tensor) : tf.zerosLike(base.get(t) as Tensor)));
    const f = (...inputs: Tensor[]): Tensor => {
      const overrides = new Map<NodeId, Tensor>();
      const taps = new Map<NodeId, Tensor>();
      order.forEach((t, i) => (i < replaced.length ? overrides : taps).set(t, inputs[i]));
      return evaluator.run([loss], { overrides, taps, cache: base }).get(loss) as Tensor;
    };
    const grads = new Map<NodeId, F64Tensor>();
    let value = NaN;
    if (order.length) {
      const r = tf.valueAndGrads(f)(xs);
      value = r.value.dataSync()[0];
      order.forEach((t, i) => grads.set(t, readF64(rt, r.grads[i])));
    } else value = (evaluator.run([loss], { cache: base }).get(loss) as Tensor).dataSync()[0];
    const values = new Map<NodeId, F64Tensor>();
    for (const k of keep) {
      values.set(k, readF64(rt, base.get(k) as Tensor));
    }
    result = { loss: value, grads, values };
  });
  return result as AutodiffResult;
}

/** Uploads the leaves, differentiates, and releases everything. */
export function autodiff(rt: TfRuntime, graph: Graph, env: NumericEnv, leaves: ReadonlyMap<NodeId, F64Tensor>, loss: NodeId, targets: NodeId[], keep: NodeId[] = []): AutodiffResult {
  const needed = ancestors(graph, [loss, ...targets, ...keep]);
  const tensors = uploadLeaves(rt, graph, leaves, needed);
  try {
    return gradientsTf(rt, graph, env, tensors, loss, targets, keep);
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
}
