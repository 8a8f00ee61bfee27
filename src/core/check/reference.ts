import type { Graph, NodeId } from '../ir/graph';
import type { NumericEnv } from '../numeric/env';
import type { F64Evaluator } from '../numeric/f64/evaluate';
import { noteNonZeros } from '../numeric/f64/linalg';
import { linearize } from '../numeric/f64/linear';
import { type Direction, type FdReport, fdCheckAsync, fdGradientAsync, type LossProbe, type Precision, type Probe } from '../numeric/fd';
import { ancestors } from '../numeric/graph-walk';
import type { Rng } from '../numeric/prng';
import type { F64Tensor } from '../numeric/tensor';
import { gradientsTf } from '../numeric/tfjs/autodiff';
import { autodiff } from '../numeric/tfjs/autodiff';
import { uploadLeaves } from '../numeric/tfjs/evaluate';
import type { TfRuntime } from '../numeric/tfjs/load';
import { NumericError } from '../numeric/walk';

/**
 * The loss at the base point, and along lines through it for finite differences: each line
 * is linearised once (numeric/f64/linear.ts), so that its probes re-run only the ops that are
 * not linear in what moves. A probe reports the kinks it crossed.
 */
export class LossFunction {
  readonly base: Map<NodeId, F64Tensor>;
  readonly baseKinks: Map<NodeId, number>;
  readonly value: number;
  readonly probe: LossProbe;
  private readonly forward: Set<NodeId>;
  /** Values the base run did not keep (the inner products of a reassociated chain). */
  private readonly extra = new Map<NodeId, F64Tensor>();

  constructor(
    readonly evaluator: F64Evaluator,
    readonly loss: NodeId,
  ) {
    const run = evaluator.run([loss], { kinks: true });
    this.base = run.values;
    this.baseKinks = run.kinks;
    this.value = (run.values.get(loss) as F64Tensor).data[0];
    this.forward = ancestors(evaluator.graph, [loss]);
    this.probe = { base: { value: this.value, kinks: '' }, along: (directions) => this.along(directions) };
  }

  /** A node's unperturbed value. */
  valueOf(id: NodeId): F64Tensor {
    let v = this.base.get(id) ?? this.extra.get(id);
    if (!v) {
      v = this.evaluator.run([id], { cache: this.base }).values.get(id) as F64Tensor;
      this.extra.set(id, v);
    }
    return v;
  }

  private along(directions: ReadonlyMap<NodeId, Direction>): (t: number) => Probe {
    const { graph, env } = this.evaluator;
    const dense = new Map<NodeId, F64Tensor>();
    for (const [id, d] of directions) {
      const value = this.valueOf(id);
      if ('index' in d) {
        if (d.index >= value.data.length) throw new NumericError(id, 'a perturbation does not fit the value it is added to');
        const data = new Float64Array(value.data.length);
        data[d.index] = 1;
        noteNonZeros(data, [d.index]);
        dense.set(id, { shape: value.shape, data });
      } else if (d.data.length !== value.data.length) throw new NumericError(id, 'a perturbation does not fit the value it is added to');
      else dense.set(id, d);
    }
    const line = linearize(graph, env, this.loss, this.forward, dense, (id) => this.valueOf(id));
    return (t) => {
      const overrides = new Map<NodeId, F64Tensor>();
      for (const [id, tangent] of line.frontier) overrides.set(id, axpy(this.valueOf(id), t, tangent));
      const r = this.evaluator.run([this.loss], { overrides, cache: this.base, kinks: true });
      const crossed: number[] = [];
      for (const [id, h] of r.kinks) if (this.baseKinks.get(id) !== h) crossed.push(id);
      return { value: (r.values.get(this.loss) as F64Tensor).data[0], kinks: crossed.join(',') };
    };
  }
}

/** x + t·d, a new tensor. */
function axpy(x: F64Tensor, t: number, d: F64Tensor): F64Tensor {
  const data = new Float64Array(x.data.length);
  for (let i = 0; i < data.length; i++) data[i] = x.data[i] + t * d.data[i];
  return { shape: x.shape, data };
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
      if (!v || v.data.length > FD_REFERENCE_LIMIT || stop()) continue;
      try {
        grads.set(t, await fdGradientAsync(fn.probe, t, v, stop, pause));
      } catch (fdErr) {
        // A value that cannot be moved (an index computed in floats): no reference for it, the others go on.
        if (!(fdErr instanceof NumericError)) throw fdErr;
      }
    }
  }
  await pause();
  const verified = new Map<NodeId, boolean | null>();
  const reports: FdReport[] = [];
  const vars = verify.filter((v) => grads.has(v) && fn.base.has(v)).map((v) => ({ node: v, value: fn.base.get(v) as F64Tensor, grad: grads.get(v) as F64Tensor }));
  if (vars.length && precision === 'float32') {
    // One random direction and two elements per variable, each perturbed on its own (as
    // PyTorch's fast gradcheck does), so that a failure names the variable.
    let report: FdReport | null = null;
    try {
      report = await fdCheckAsync(fn.probe, vars, { rng, precision, directions: 1, samples: 2, stop }, pause);
      reports.push(report);
    } catch (fdErr) {
      if (!(fdErr instanceof NumericError)) throw fdErr;
    }
    for (const v of vars) {
      const mine = report ? report.checks.filter((c) => c.node === v.node) : [];
      verified.set(v.node, mine.length ? mine.every((c) => c.ok) : null);
    }
  } else for (const v of vars) verified.set(v.node, true);
  return { grads, precision, verified, reports, note };
}

/** Float64 finite differences on a hand-written gradient that has the variable's shape. */
export async function confirmByFd(fn: LossFunction, node: NodeId, hand: F64Tensor, rng: Rng, stop: () => boolean, pause: () => Promise<void>): Promise<FdReport | null> {
  const value = fn.base.get(node);
  if (!value || value.data.length !== hand.data.length) return null;
  try {
    return await fdCheckAsync(fn.probe, [{ node, value, grad: hand }], { rng, precision: 'float64', directions: 2, samples: 1, stop }, pause);
  } catch (err) {
    // Moving this value breaks the forward pass (it is used as an index): finite differences say nothing.
    if (err instanceof NumericError) return null;
    throw err;
  }
}

/**
 * Reference gradients asked for only when a hand-written gradient is wrong: of the loss at
 * nodes nobody named (the pre-activation a ReLU mask leaves a gradient at), and of one
 * additive part of the loss (the regularisation term a gradient may leave out). float32
 * autodiff, as the main reference; none without TensorFlow.js.
 */
export class GradientsOnDemand {
  private readonly atNode = new Map<NodeId, F64Tensor>();
  private readonly ofPart = new Map<string, F64Tensor | null>();

  constructor(
    private readonly rt: TfRuntime | null,
    private readonly graph: Graph,
    private readonly env: NumericEnv,
    private readonly leaves: ReadonlyMap<NodeId, F64Tensor>,
    private readonly loss: NodeId,
  ) {}

  /** dLoss/dNode for each of `ids` (one backward pass for those not yet known). */
  ofLossAt(ids: NodeId[]): Map<NodeId, F64Tensor> {
    const todo = ids.filter((id) => !this.atNode.has(id));
    if (todo.length && this.rt) {
      try {
        for (const [id, g] of autodiff(this.rt, this.graph, this.env, this.leaves, this.loss, todo).grads) this.atNode.set(id, g);
      } catch {
        // No more than the main reference: the diagnosis goes on without these.
      }
    }
    const out = new Map<NodeId, F64Tensor>();
    for (const id of ids) {
      const g = this.atNode.get(id);
      if (g) out.set(id, g);
    }
    return out;
  }

  /** d(part)/d(variable) for a scalar part of the loss, or null when it does not depend on it. */
  ofPartAt(part: NodeId, variable: NodeId): F64Tensor | null {
    const key = `${part}:${variable}`;
    if (!this.ofPart.has(key)) {
      let g: F64Tensor | null = null;
      if (this.rt && ancestors(this.graph, [part]).has(variable)) {
        try {
          g = autodiff(this.rt, this.graph, this.env, this.leaves, part, [variable]).grads.get(variable) ?? null;
        } catch {
          g = null;
        }
      }
      this.ofPart.set(key, g);
    }
    return this.ofPart.get(key) ?? null;
  }
}
