/**
 * A derivation in differentials, judged link by link: every differential of the note
 * (dx, dz, dc, d log(x)) is set to the change of its quantity when the inputs move along
 * a random direction (float64 central differences), and each link must equal the line
 * above it — the first one must equal the change of the quantity the chain is about (dE).
 * So the first link that breaks is the one flagged, and the algebra after it is judged on
 * its own. A link that breaks only for a batch is checked again with the batch at 1.
 */
import type { Analysis } from '../analysis';
import type { Graph, NodeId } from '../ir/graph';
import type { Derivation } from '../ir/program';
import { NumericEnv } from '../numeric/env';
import { F64Evaluator } from '../numeric/f64/evaluate';
import { ancestors } from '../numeric/graph-walk';
import { leafValues } from '../numeric/leaves';
import { Rng } from '../numeric/prng';
import { type F64Tensor, shapesEqual } from '../numeric/tensor';
import { batchLabel, batchOnlyReason } from './batch';
import type { CheckOptions, GradientVerdict } from './types';

/** Central differences in float64 at this step agree with the derivative to about 1e-10. */
const STEP = 1e-5;
const TOLERANCE = 1e-6;

interface LinkValue {
  value: F64Tensor | null;
  /** What it is compared with: the line above, or for the first link the change of the quantity. */
  expected: F64Tensor | null;
  error?: string;
}

export function checkDerivations(analysis: Analysis, options: CheckOptions): Omit<GradientVerdict, 'line'>[] {
  const derivations = analysis.program.derivations ?? [];
  const out: Omit<GradientVerdict, 'line'>[] = [];
  for (const d of derivations) {
    const env = new NumericEnv({ bindings: analysis.bindings, dims: options.dims, defaultBatch: options.defaultBatch });
    const values = evaluateChain(analysis.graph, d, env, options.seed ?? 0);
    if (!values) continue;
    let single: LinkValue[] | null | undefined;
    values.forEach((v, k) => {
      const link = d.links[k];
      const source = analysis.text.slice(link.span.start, link.span.end).replace(/\s+/g, ' ').trim();
      const what = k === 0 ? `${d.head} = ${source}` : `= ${source} (a step of ${d.head})`;
      const base = { name: d.head, wrt: d.varying.join(', ') || null, span: link.span, factor: null };
      if (!v.value || !v.expected) {
        out.push({ ...base, verdict: 'unchecked', mistake: null, maxAbsError: null, maxRelError: null, message: `${what} is unchecked: ${v.error ?? 'it could not be evaluated'}` });
        return;
      }
      if (!shapesEqual(v.value.shape, v.expected.shape)) {
        out.push({ ...base, verdict: 'wrong', mistake: 'wrong-shape', maxAbsError: null, maxRelError: null, message: `${what} has shape (${v.value.shape.join(', ')}) but ${k === 0 ? d.head : 'the line above'} is (${v.expected.shape.join(', ')})` });
        return;
      }
      const { abs, rel } = difference(v.value, v.expected);
      const against = k === 0 ? `the change of ${d.of}` : 'the line above';
      if (rel <= TOLERANCE) {
        out.push({ ...base, verdict: 'correct', mistake: null, maxAbsError: abs, maxRelError: rel, message: `${what} holds: it equals ${against} along a random direction (float64, relative difference ${rel.toExponential(1)})` });
        return;
      }
      const symbols = [...env.defaulted];
      if (single === undefined) single = symbols.length ? evaluateChain(analysis.graph, d, new NumericEnv({ bindings: analysis.bindings, dims: { ...options.dims, ...Object.fromEntries(symbols.map((s) => [s, 1])) } }), options.seed ?? 0) : null;
      const one = single?.[k];
      const holdsAtOne = !!one?.value && !!one.expected && shapesEqual(one.value.shape, one.expected.shape) && difference(one.value, one.expected).rel <= TOLERANCE;
      const reason = holdsAtOne ? batchOnlyReason(analysis.graph, linkNode(analysis.graph, d, k) as NodeId) : null;
      const at = symbols.map((s) => `${batchLabel(s)} = 1`).join(', ');
      const message = holdsAtOne
        ? `${what} holds only when ${at}${reason ? `: ${reason}` : ''} (at ${symbols.map((s) => `${batchLabel(s)} = ${env.symbol(s)}`).join(', ')} it differs from ${against} by up to ${abs.toPrecision(2)})`
        : `${what} does not hold: it differs from ${against} by up to ${abs.toPrecision(2)} (relative ${rel.toPrecision(2)}) along a random direction`;
      out.push({ ...base, verdict: 'wrong', mistake: 'wrong', maxAbsError: abs, maxRelError: rel, message });
    });
  }
  return out;
}

function difference(a: F64Tensor, b: F64Tensor): { abs: number; rel: number } {
  let abs = 0;
  let scale = 0;
  for (let i = 0; i < a.data.length; i++) {
    abs = Math.max(abs, Math.abs(a.data[i] - b.data[i]));
    scale = Math.max(scale, Math.abs(b.data[i]));
  }
  return { abs, rel: scale > 0 ? abs / scale : abs };
}

/** The node of link k: the last one named by it (its outermost). */
function linkNode(graph: Graph, d: Derivation, k: number): NodeId | null {
  let found: NodeId | null = null;
  for (const n of graph.nodes) if (n.name === d.links[k].name) found = n.id;
  return found;
}

/** The value of `of` the chain is about: its last definition written before the chain. */
function quantityNode(graph: Graph, d: Derivation): NodeId | null {
  const start = d.links[0].span.start;
  let found: NodeId | null = null;
  for (const n of graph.nodes) if (n.name === d.of && n.span.start < start && n.op !== 'placeholder' && !(d.differentials[n.name] !== undefined)) found = n.id;
  if (found === null) for (const n of graph.nodes) if (n.name === d.of) found = n.id;
  return found;
}

function evaluateChain(graph: Graph, d: Derivation, env: NumericEnv, seed: number): LinkValue[] | null {
  const links = d.links.map((_, k) => linkNode(graph, d, k));
  const quantity = quantityNode(graph, d);
  if (quantity === null || links.some((l) => l === null)) return null;
  // The differentials each link reads, and the quantities they are differentials of.
  const bindings = new Set<NodeId>();
  for (const l of links) for (const a of ancestors(graph, [l as NodeId])) if (graph.nodes[a].name !== undefined && d.differentials[graph.nodes[a].name as string] !== undefined) bindings.add(a);
  const bases = [...bindings].map((b) => graph.nodes[b].inputs[0]);
  // What moves: the inputs under the last link's differentials (`: dc` moves C), else all of them.
  const varyingNodes = d.varying.map((name) => bases.find((b) => graph.nodes[b].name === name)).filter((b): b is NodeId => b !== undefined);
  const sources = varyingNodes.length ? varyingNodes : [quantity];
  const inputs = [...ancestors(graph, sources)].filter((id) => {
    const n = graph.nodes[id];
    return n.inputs.length === 0 && n.dtype === 'float' && (n.leaf?.role === 'input' || n.leaf?.role === 'param');
  });
  try {
    const needed = ancestors(graph, [quantity, ...(links as NodeId[])]);
    const leaves = leafValues(graph, env, [...needed].filter((id) => graph.nodes[id].inputs.length === 0), seed);
    const ev = new F64Evaluator(graph, env, leaves);
    const rng = new Rng(seed + 7);
    const direction = new Map<NodeId, F64Tensor>();
    for (const id of inputs) {
      const x = leaves.get(id) as F64Tensor;
      const rms = Math.sqrt(x.data.reduce((s, v) => s + v * v, 0) / Math.max(1, x.data.length)) || 1;
      direction.set(id, { shape: x.shape, data: Float64Array.from(x.data, () => rms * rng.normal()) });
    }
    const moved = (sign: number) => new Map([...direction].map(([id, v]) => [id, { shape: v.shape, data: Float64Array.from((leaves.get(id) as F64Tensor).data, (x, i) => x + sign * STEP * v.data[i]) }]));
    const targets = [quantity, ...bases];
    // What does not depend on the moved inputs (M = AᵀBᵀ ⊗ I when C moves) is computed once.
    const cache = ev.run([...targets, ...(links as NodeId[])]).values;
    const plus = ev.run(targets, { overrides: moved(1), cache }).values;
    const minus = ev.run(targets, { overrides: moved(-1), cache }).values;
    const change = (id: NodeId): F64Tensor => {
      const p = plus.get(id) as F64Tensor;
      const m = minus.get(id) as F64Tensor;
      return { shape: p.shape, data: Float64Array.from(p.data, (x, i) => (x - m.data[i]) / (2 * STEP)) };
    };
    const overrides = new Map<NodeId, F64Tensor>([...bindings].map((b) => [b, change(graph.nodes[b].inputs[0])]));
    const run = ev.run(links as NodeId[], { overrides, cache }).values;
    let expected: F64Tensor | null = change(quantity);
    return (links as NodeId[]).map((l) => {
      const value = run.get(l) ?? null;
      const v = { value, expected };
      expected = value;
      return v;
    });
  } catch (err) {
    return d.links.map(() => ({ value: null, expected: null, error: (err as Error).message }));
  }
}
