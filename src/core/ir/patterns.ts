/**
 * Hand-written forms of softmax and cross-entropy, recognised in a traced graph. The panel's
 * chain folds them into one box, the symbolic reader turns them into softmax(Z), and the
 * numeric diagnosis tells a shifted exp from an unshifted one: all three read them here.
 *
 * softmax:        exp(Z) / sum(exp(Z), axis, keepdims), with Z − max(Z) or Z − logsumexp(Z)
 *                 in place of Z, and exp(Z − logsumexp(Z)) alone
 * log-softmax:    log_softmax(Z), Z − logsumexp(Z)
 * cross-entropy:  −sum(Y ⊙ log S), −log(P[arange(N), y]) and log(P)[arange(N), y], summed or
 *                 averaged (mean, or a division by a constant), the minus anywhere outside the log
 */
import type { IndexSpec } from '../shapes/rules/index';
import type { Graph, GraphNode, NodeId } from './graph';

/** The axes a reduction runs over, non-negative and sorted; null for all of them. */
export type Axes = number[] | null;

export interface SoftmaxPattern {
  /** The scores the softmax is taken of: Z, before any shift. */
  scores: NodeId;
  /** What exp is taken of: the shifted scores (or Z itself when there is no shift). */
  argument: NodeId;
  /** The axes it normalises over (null: all elements). */
  axes: Axes;
  /** What was subtracted from the scores for stability. */
  shift: 'max' | 'logsumexp' | null;
  /** The nodes the written-out form is made of, the output last. */
  parts: NodeId[];
}

export interface ShiftPattern {
  scores: NodeId;
  by: 'max' | 'logsumexp';
  axes: Axes;
}

export type CrossEntropyLabels = { kind: 'one-hot'; node: NodeId } | { kind: 'index'; node: NodeId };

export interface CrossEntropyPattern {
  /** What the log is taken of (probabilities), or the log-probabilities themselves. */
  input: { kind: 'probabilities' | 'log-probabilities'; node: NodeId };
  labels: CrossEntropyLabels;
  /** mean: averaged over the samples (a mean, or a division by a constant); sum: summed. */
  reduction: 'sum' | 'mean';
  /** The nodes from the log (or the picking of entries) to the loss, the loss last. */
  parts: NodeId[];
}

const node = (graph: Graph, id: NodeId): GraphNode => graph.nodes[id];

/**
 * The same value: one node, or the same op on the same values with the same attributes
 * (code that writes exp(Z) twice evaluates it twice).
 */
export function sameValue(graph: Graph, a: NodeId, b: NodeId, depth = 8): boolean {
  if (a === b) return true;
  const x = node(graph, a);
  const y = node(graph, b);
  if (!x || !y || depth === 0 || x.op !== y.op || x.inputs.length === 0 || x.inputs.length !== y.inputs.length) return false;
  if (JSON.stringify(x.attrs) !== JSON.stringify(y.attrs)) return false;
  return x.inputs.every((id, i) => sameValue(graph, id, y.inputs[i], depth - 1));
}

/** The axes a reduction node runs over, normalised against its input's rank. */
function reducedAxes(reduction: GraphNode, rank: number): Axes | undefined {
  const axis = reduction.attrs.axis;
  if (axis === null || axis === undefined) return null;
  const list = Array.isArray(axis) ? axis : [axis];
  if (!list.every((a) => typeof a === 'number' && Number.isInteger(a) && a >= -rank && a < rank)) return undefined;
  const axes = [...new Set(list.map((a: number) => (a < 0 ? a + rank : a)))].sort();
  return axes.length === rank ? null : axes;
}

const sameAxes = (a: Axes, b: Axes) => (a === null || b === null ? a === b : a.length === b.length && a.every((x, i) => x === b[i]));

/**
 * A reduction of `of` whose result broadcasts back over it slice by slice (keepdims, or a
 * scalar): what a shift or a normaliser must be. Its axes, or undefined when it is not one.
 */
function sliceReduction(graph: Graph, id: NodeId, ops: readonly string[], of: (input: NodeId) => boolean): Axes | undefined {
  const r = node(graph, id);
  if (!r || !ops.includes(r.op) || r.inputs.length !== 1 || !of(r.inputs[0])) return undefined;
  const rank = node(graph, r.inputs[0]).shape.length;
  const axes = reducedAxes(r, rank);
  if (axes === undefined) return undefined;
  if (axes === null || rank <= 1) return r.shape.length === 0 || r.attrs.keepdims === true ? null : undefined;
  return r.attrs.keepdims === true ? axes : undefined;
}

/** Z − max(Z) or Z − logsumexp(Z), reduced slice by slice: Z, and what it was shifted by. */
export function shiftOf(graph: Graph, id: NodeId): ShiftPattern | null {
  const u = node(graph, id);
  if (!u || u.op !== 'sub') return null;
  const [z, m] = u.inputs;
  const axes = sliceReduction(graph, m, ['max', 'logsumexp'], (input) => sameValue(graph, input, z));
  if (axes === undefined) return null;
  return { scores: z, by: node(graph, m).op as 'max' | 'logsumexp', axes };
}

/** A softmax written out, ending at node `id` (the division, or exp(Z − logsumexp Z)). */
export function softmaxAt(graph: Graph, id: NodeId): SoftmaxPattern | null {
  const out = node(graph, id);
  if (!out) return null;
  if (out.op === 'exp') {
    const shift = shiftOf(graph, out.inputs[0]);
    if (!shift || shift.by !== 'logsumexp') return null;
    return { scores: shift.scores, argument: out.inputs[0], axes: shift.axes, shift: 'logsumexp', parts: [out.inputs[0], node(graph, out.inputs[0]).inputs[1], id] };
  }
  if (out.op !== 'div') return null;
  const [numerator, denominator] = out.inputs;
  const e = node(graph, numerator);
  if (e.op !== 'exp') return null;
  const axes = sliceReduction(graph, denominator, ['sum'], (input) => sameValue(graph, input, numerator));
  if (axes === undefined) return null;
  const copy = node(graph, denominator).inputs[0];
  const base = [numerator, ...(copy === numerator ? [] : [copy]), denominator, id];
  const shift = shiftOf(graph, e.inputs[0]);
  if (shift && sameAxes(shift.axes, axes)) {
    const u = node(graph, e.inputs[0]);
    return { scores: shift.scores, argument: e.inputs[0], axes, shift: shift.by, parts: [e.inputs[0], u.inputs[1], ...base] };
  }
  return { scores: e.inputs[0], argument: e.inputs[0], axes, shift: null, parts: base };
}

/** Z − logsumexp(Z): a log-softmax written out; Z, over which axes. */
export function logSoftmaxAt(graph: Graph, id: NodeId): { scores: NodeId; axes: Axes } | null {
  const shift = shiftOf(graph, id);
  return shift && shift.by === 'logsumexp' ? { scores: shift.scores, axes: shift.axes } : null;
}

/** P[arange(N), labels]: each row's entry in its label's column. */
export function labelGather(graph: Graph, id: NodeId): { source: NodeId; labels: NodeId } | null {
  const n = node(graph, id);
  const items = n?.attrs.items as IndexSpec[] | undefined;
  if (!n || n.op !== 'index' || items?.length !== 2 || !items.every((it) => it.kind === 'tensor')) return null;
  const [source, rows, labels] = n.inputs;
  if (labels === undefined || node(graph, rows)?.op !== 'arange' || node(graph, labels).dtype !== 'int' || node(graph, source).shape.length !== 2) return null;
  return { source, labels };
}

/** log(P), log(P + ε), log_softmax(Z) or Z − logsumexp(Z), with the parts that belong to the loss. */
function logTerm(graph: Graph, id: NodeId): { input: CrossEntropyPattern['input']; parts: NodeId[] } | null {
  const n = node(graph, id);
  if (n.op === 'log') {
    const arg = node(graph, n.inputs[0]);
    const epsilon = arg.op === 'add' && arg.inputs.some((i) => node(graph, i).op === 'const');
    if (epsilon) return { input: { kind: 'probabilities', node: arg.inputs.find((i) => node(graph, i).op !== 'const') as NodeId }, parts: [n.inputs[0], id] };
    return { input: { kind: 'probabilities', node: n.inputs[0] }, parts: [id] };
  }
  if (n.op === 'log_softmax' || logSoftmaxAt(graph, id)) return { input: { kind: 'log-probabilities', node: id }, parts: [] };
  return null;
}

/** The labelled log-likelihood under the loss's reductions: Y ⊙ log S, log P[arange(N), y], log(P)[arange(N), y]. */
function likelihood(graph: Graph, id: NodeId): (Omit<CrossEntropyPattern, 'reduction'> & { negated: boolean }) | null {
  const n = node(graph, id);
  if (n.op === 'mul') {
    for (const k of [0, 1]) {
      const term = logTerm(graph, n.inputs[k]);
      const other = node(graph, n.inputs[1 - k]);
      // −Y ⊙ log S carries the minus on the labels.
      const negated = other.op === 'neg';
      const labels = negated ? other.inputs[0] : other.id;
      if (term && node(graph, labels).dtype === 'float') return { input: term.input, labels: { kind: 'one-hot', node: labels }, parts: [...term.parts, ...(negated ? [other.id] : []), id], negated };
    }
    return null;
  }
  const term = logTerm(graph, id);
  if (term && term.input.kind === 'probabilities') {
    const gather = labelGather(graph, term.input.node);
    if (gather) return { input: { kind: 'probabilities', node: gather.source }, labels: { kind: 'index', node: gather.labels }, parts: [term.input.node, ...term.parts], negated: false };
  }
  const gather = labelGather(graph, id);
  const picked = gather && logTerm(graph, gather.source);
  if (gather && picked) return { input: picked.input, labels: { kind: 'index', node: gather.labels }, parts: [...picked.parts, id], negated: false };
  return null;
}

const isConstant = (n: GraphNode) => n.op === 'const' && (typeof n.attrs.value === 'number' || typeof n.attrs.dim === 'string');
const negativeConstant = (n: GraphNode) => n.op === 'const' && typeof n.attrs.value === 'number' && n.attrs.value < 0;

/**
 * A cross-entropy written out, ending at node `id`: the log-likelihood of the labels,
 * reduced (sum, mean, or divided by a constant such as N) and negated.
 */
export function crossEntropyAt(graph: Graph, id: NodeId): CrossEntropyPattern | null {
  const outer: NodeId[] = [];
  let negated = false;
  let reduced = false;
  let mean = false;
  let at = id;
  for (let steps = 0; steps < 8; steps++) {
    const n = node(graph, at);
    if (!n) return null;
    const inner = reduced ? likelihood(graph, at) : null;
    if (inner && negated !== inner.negated) {
      const { negated: _, ...found } = inner;
      return { ...found, reduction: mean ? 'mean' : 'sum', parts: [...found.parts, ...outer.reverse()] };
    }
    outer.push(at);
    if (n.op === 'neg') {
      negated = !negated;
      at = n.inputs[0];
    } else if (n.op === 'sum' || n.op === 'mean') {
      reduced = true;
      mean ||= n.op === 'mean';
      at = n.inputs[0];
    } else if ((n.op === 'div' || n.op === 'mul') && isConstant(node(graph, n.inputs[1]))) {
      // −sum(…) / N, sum(…) * −1
      mean ||= n.op === 'div';
      if (negativeConstant(node(graph, n.inputs[1]))) negated = !negated;
      at = n.inputs[0];
    } else if (n.op === 'mul' && negativeConstant(node(graph, n.inputs[0]))) {
      negated = !negated;
      at = n.inputs[1];
    } else {
      return null;
    }
  }
  return null;
}
