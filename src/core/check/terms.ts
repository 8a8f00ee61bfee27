import type { Graph, NodeId } from '../ir/graph';
import { reduction, reductionAxes } from '../numeric/f64/reduce';
import { type F64Tensor, shapesEqual, sizeOf } from '../numeric/tensor';
import { bestFactor, close } from './compare';

/** One additive part of a sum: `a - b` has the parts a (+1) and b (−1). */
export interface Part {
  node: NodeId;
  sign: 1 | -1;
}

/**
 * The additive parts of a node: it is followed through `+` and `-` (and a leading `-x`)
 * while the result keeps the node's shape, so `loss = data_loss + reg * np.sum(W * W)` has
 * two parts and `dW += reg * W` has the previous dW and `reg * W`.
 */
export function additiveParts(graph: Graph, id: NodeId, sign: 1 | -1 = 1, out: Part[] = []): Part[] {
  const n = graph.nodes[id];
  const same = (k: number) => n.inputs[k] !== undefined && shapesEqual(graph.nodes[n.inputs[k]].shape as number[], n.shape as number[]);
  if ((n.op === 'add' || n.op === 'sub') && same(0) && same(1)) {
    additiveParts(graph, n.inputs[0], sign, out);
    additiveParts(graph, n.inputs[1], n.op === 'sub' ? (-sign as 1 | -1) : sign, out);
  } else if (n.op === 'neg' && same(0)) additiveParts(graph, n.inputs[0], -sign as 1 | -1, out);
  else out.push({ node: id, sign });
  return out;
}

/** h + s·p, a new array. */
function plus(h: ArrayLike<number>, p: ArrayLike<number>, s: number): Float64Array {
  const out = new Float64Array(h.length);
  for (let i = 0; i < h.length; i++) out[i] = h[i] + s * p[i];
  return out;
}

export type TermFinding =
  /** reference − hand is the gradient of one additive part of the loss. */
  | { kind: 'missing-term'; term: Part }
  /** hand − reference is one additive part of the hand-written value. */
  | { kind: 'extra-term'; part: Part }
  /** One additive part of the hand-written value must be multiplied by `factor`; the loss part it belongs to, when one matches. */
  | { kind: 'scaled-term'; part: Part; factor: number; term: Part | null };

/**
 * A gradient that is right but for one additive term: a loss term it leaves out (the
 * regularisation), a part of its own that does not belong, or a part with the wrong factor
 * (`dW += reg * W` for `reg * np.sum(W * W)`). `termGradient` is the reference gradient of
 * one loss part with respect to the variable (null where the part does not depend on it).
 */
export function termMistake(hand: F64Tensor, ref: F64Tensor, lossParts: Part[], termGradient: (p: Part) => F64Tensor | null, handParts: Part[], valueOf: (id: NodeId) => F64Tensor | null): TermFinding | null {
  if (!shapesEqual(hand.shape, ref.shape)) return null;
  const missing = plus(ref.data, hand.data, -1);
  const terms = lossParts.length > 1 ? lossParts.map((t) => ({ t, g: termGradient(t) })).filter((x): x is { t: Part; g: F64Tensor } => x.g !== null && shapesEqual(x.g.shape, ref.shape)) : [];
  for (const { t, g } of terms) if (close(missing, g.data)) return { kind: 'missing-term', term: t };
  if (handParts.length < 2) return null;
  for (const part of handParts) {
    const p = valueOf(part.node);
    if (!p || p.data.length !== hand.data.length || !p.data.some((x) => x !== 0)) continue;
    // hand without this part
    const rest = plus(hand.data, p.data, -part.sign);
    if (close(rest, ref.data)) return { kind: 'extra-term', part };
    // ref − rest = f·(s·p)
    const want = plus(ref.data, rest, -1);
    const f = bestFactor(p.data.map((x) => part.sign * x), want);
    if (f === null || Math.abs(f) < 1e-12 || Math.abs(f - 1) < 1e-9) continue;
    if (close(plus(rest, p.data, f * part.sign), ref.data)) {
      const signed = { shape: p.shape, data: p.data.map((x) => f * part.sign * x) };
      const term = terms.find(({ g }) => close(signed.data, g.data))?.t ?? null;
      return { kind: 'scaled-term', part, factor: f, term };
    }
  }
  return null;
}

/** Sums x over `axes` (dropped, or kept as 1). */
function sumOver(x: F64Tensor, axes: number[], keepdims: boolean): F64Tensor {
  const r = reduction(x.shape, axes, keepdims);
  const out = new Float64Array(sizeOf(r.outShape));
  for (let i = 0; i < x.data.length; i++) out[r.map[i]] += x.data[i];
  return { shape: r.outShape, data: out };
}

/**
 * A sum over the wrong axis (`db2 = dscores.sum(axis=1)` for a bias of one entry per
 * class): the axes the same input must be summed over to give the reference, or null.
 */
export function wrongAxis(graph: Graph, handNode: NodeId, ref: F64Tensor, valueOf: (id: NodeId) => F64Tensor | null): { input: NodeId; used: number[]; right: number[] } | null {
  const n = graph.nodes[handNode];
  if (n.op !== 'sum' || n.inputs.length !== 1) return null;
  const x = valueOf(n.inputs[0]);
  if (!x || x.shape.length === 0 || x.shape.length > 6) return null;
  const usedAxes = reductionAxes(n.attrs.axis, x.shape.length);
  const rank = x.shape.length;
  for (let mask = 1; mask < 1 << rank; mask++) {
    const axes = x.shape.map((_, i) => i).filter((i) => mask & (1 << i));
    if (axes.join() === usedAxes.join()) continue;
    for (const keep of [false, true]) {
      const s = sumOver(x, axes, keep);
      if (shapesEqual(s.shape, ref.shape) && close(s.data, ref.data)) return { input: n.inputs[0], used: usedAxes, right: axes };
    }
  }
  return null;
}
