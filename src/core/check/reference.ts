import type { Graph, NodeId } from '../ir/graph';
import type { NumericEnv } from '../numeric/env';
import type { F64Evaluator } from '../numeric/f64/evaluate';
import { type FdReport, fdCheckAsync, fdGradientAsync, type LossProbe, type Precision, type Probe } from '../numeric/fd';
import { ancestors } from '../numeric/graph-walk';
import type { Rng } from '../numeric/prng';
import type { F64Tensor } from '../numeric/tensor';
import { gradientsTf } from '../numeric/tfjs/autodiff';
import { uploadLeaves } from '../numeric/tfjs/evaluate';
import type { TfRuntime } from '../numeric/tfjs/load';

/** The loss at the base point and a probe that perturbs nodes and reports crossed kinks. */
export class LossFunction {
  readonly base: Map<NodeId, F64Tensor>;
  readonly baseKinks: Map<NodeId, number>;
  readonly value: number;
  readonly probe: LossProbe;

  constructor(
    readonly evaluator: F64Evaluator,
    readonly loss: NodeId,
  ) {
    const run = evaluator.run([loss], { kinks: true });
    this.base = run.values;
    this.baseKinks = run.kinks;
    this.value = (run.values.get(loss) as F64Tensor).data[0];
    this.probe = (taps) => {
      const r = evaluator.run([loss], { taps, cache: this.base, kinks: true });
      const crossed: number[] = [];
      for (const [id, h] of r.kinks) if (this.baseKinks.get(id) !== h) crossed.push(id);
      return { value: (r.values.get(loss) as F64Tensor).data[0], kinks: crossed.join(',') } satisfies Probe;
    };
  }
}

export interface Reference {
  grads: Map<NodeId, F64Tensor>;
  precision: Precision;
  /** Per variable: true when finite differences agree, false when they do not, null when no probe could run. */
  verified: Map<NodeId, boolean | null>;
  reports: FdReport[];
  /** Why autodiff was not used, when it was not. */
  note?: string;
}

/** Largest variable differentiated element by element when autodiff is unavailable. */
const FD_REFERENCE_LIMIT = 4096;

/**
 * Reference gradients: float32 autodiff (TensorFlow.js) of the loss with respect to each
 * target node, checked against float64 finite differences. If TensorFlow.js fails, small
 * variables fall back to a float64 finite-difference gradient.
 */
export async function referenceGradients(rt: TfRuntime | null, graph: Graph, env: NumericEnv, leaves: ReadonlyMap<NodeId, F64Tensor>, fn: LossFunction, targets: NodeId[], verify: NodeId[], rng: Rng, stop: () => boolean, pause: () => Promise<void>): Promise<Reference> {
  const forward = ancestors(graph, [fn.loss]);
  const live = targets.filter((t) => forward.has(t) && graph.nodes[t].dtype === 'float');
  let grads = new Map<NodeId, F64Tensor>();
  let precision: Precision = 'float32';
  let note: string | undefined;
  try {
    if (!rt) throw new Error('TensorFlow.js is not available');
    // autodiff(), with a pause between uploading the leaves and differentiating (each can take tens of ms).
    const tensors = uploadLeaves(rt, graph, leaves, ancestors(graph, [fn.loss, ...live]));
    try {
      await pause();
      grads = gradientsTf(rt, graph, env, tensors, fn.loss, live).grads;
    } finally {
      for (const t of tensors.values()) t.dispose();
    }
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    note = `autodiff failed (${(err as Error).message}); small variables use float64 finite differences`;
    precision = 'float64';
    grads = new Map();
    for (const t of live) {
      const v = fn.base.get(t);
      if (v && v.data.length <= FD_REFERENCE_LIMIT && !stop()) grads.set(t, await fdGradientAsync(fn.probe, t, v, stop, pause));
    }
  }
  await pause();
  const verified = new Map<NodeId, boolean | null>();
  const reports: FdReport[] = [];
  const vars = verify.filter((v) => grads.has(v) && fn.base.has(v)).map((v) => ({ node: v, value: fn.base.get(v) as F64Tensor, grad: grads.get(v) as F64Tensor }));
  if (vars.length && precision === 'float32') {
    const joint = await fdCheckAsync(fn.probe, vars, { rng, precision, directions: 2, samples: 2, stop }, pause);
    reports.push(joint);
    const jointOk = joint.checks.filter((c) => c.node === -1).every((c) => c.ok);
    for (const v of vars) {
      const mine = joint.checks.filter((c) => c.node === v.node);
      let ok: boolean | null = mine.length ? mine.every((c) => c.ok) : null;
      if (!jointOk && ok !== false && !stop()) {
        // A joint direction failed: find out whose gradient it was.
        const own = await fdCheckAsync(fn.probe, [v], { rng, precision, directions: 1, samples: 0, stop }, pause);
        reports.push(own);
        ok = own.checks.length ? own.ok : ok;
      }
      if (ok === null && jointOk && joint.checks.some((c) => c.node === -1)) ok = true;
      verified.set(v.node, ok);
    }
  } else for (const v of vars) verified.set(v.node, true);
  return { grads, precision, verified, reports, note };
}

/** Float64 finite differences on a hand-written gradient that has the variable's shape. */
export async function confirmByFd(fn: LossFunction, node: NodeId, hand: F64Tensor, rng: Rng, stop: () => boolean, pause: () => Promise<void>): Promise<FdReport | null> {
  const value = fn.base.get(node);
  if (!value || value.data.length !== hand.data.length) return null;
  return fdCheckAsync(fn.probe, [{ node, value, grad: hand }], { rng, precision: 'float64', directions: 2, samples: 1, stop }, pause);
}
