/**
 * The chain diagram's steps, read off the traced graph: from the loss back to an input
 * along the main path (C → ·B → ·A → softmax → cross-entropy). vscode-free and pure, so
 * it is unit-tested with the other adapters.
 */
import type * as Core from '../../core/index';
import type { Graph, GraphNode, LineIndex, Span } from '../../core/index';
import type { ChainNode, Shape, SourceRange } from '../../protocol/messages';
import { LIMITS } from '../../protocol/messages';
import { toRange } from './range';

interface Step {
  node: GraphNode;
  /** The operand that is not on the main path (B in C·B), if any. */
  other: GraphNode | null;
  /** True when the main path enters as the right operand (A·X rather than X·A). */
  mainOnRight: boolean;
  label: string;
  op: string;
  /** The source the step covers; a folded step covers all of its parts. */
  span: Span;
}

/**
 * The core's pattern recognisers, handed in: the host loads the core on first use, as a
 * bundle of its own, so its code must not be imported here.
 */
export type Patterns = Pick<typeof Core, 'softmaxAt' | 'logSoftmaxAt' | 'crossEntropyAt' | 'sameValue'>;

export function chainOf(patterns: Patterns, graph: Graph, text: string, lines: LineIndex): ChainNode[] {
  const nodes = graph.nodes;
  if (nodes.length === 0) return [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const depth = depths(nodes, byId);
  const end = pickEnd(nodes, depth);
  if (!end) return [];

  // Walk back from the end along the deepest input; the side branches become operands.
  const path: Step[] = [];
  let node: GraphNode | undefined = end;
  const seen = new Set<number>();
  while (node && !seen.has(node.id) && path.length < 10_000) {
    seen.add(node.id);
    const inputs = node.inputs.map((id) => byId.get(id)).filter((n): n is GraphNode => !!n);
    // A leaf, or a value made from unnamed leaves (an initialisation): where the chain starts.
    if (inputs.length === 0 || depth.get(node.id) === 0) {
      path.push({ node, other: null, mainOnRight: false, label: nameOf(node), op: 'input', span: node.span });
      break;
    }
    const main = mainInput(inputs, depth, byId, (a, b) => patterns.sameValue(graph, a.id, b.id));
    const other = inputs.find((n) => n !== main) ?? null;
    const mainOnRight = inputs.length > 1 && inputs.indexOf(main) > 0;
    path.push({ node, other, mainOnRight, label: '', op: node.op, span: node.span });
    node = main;
  }
  path.reverse();
  for (const step of path) if (step.op !== 'input') step.label = labelOf(step);
  const folded = foldPatterns(patterns, path, graph);

  const rangeOf = (s: Span): SourceRange => toRange(lines, s);
  const steps = folded.length > LIMITS.chainNodes ? [...folded.slice(0, 1), ...folded.slice(folded.length - LIMITS.chainNodes + 1)] : folded;
  return steps.map((s) => ({
    label: clip(s.label, LIMITS.name),
    op: clip(s.op, LIMITS.name),
    detail: clip(detailOf(s, text), LIMITS.message),
    shape: toShape(s.node.shape),
    range: s.span.end > s.span.start ? rangeOf(s.span) : null,
  }));
}

/**
 * Longest path from a leaf. A value built only from unnamed leaves (`randn(1568, 1024) * 0.01`,
 * an initialisation) counts as a leaf itself, so the main path runs through the data, not
 * through how a weight was made.
 */
function depths(nodes: GraphNode[], byId: Map<number, GraphNode>): Map<number, number> {
  const depth = new Map<number, number>();
  const made = new Set<number>();
  // Nodes are in SSA order: every input precedes its user.
  for (const n of nodes) {
    const inputs = n.inputs.map((id) => byId.get(id)).filter((x): x is GraphNode => !!x);
    if (inputs.length > 0 && inputs.every((i) => made.has(i.id) || (i.inputs.length === 0 && !i.name))) made.add(n.id);
    let d = 0;
    if (!made.has(n.id)) for (const i of inputs) d = Math.max(d, (depth.get(i.id) ?? 0) + 1);
    depth.set(n.id, d);
  }
  return depth;
}

/** The loss: a computed scalar nobody consumes; else the deepest computed sink; latest wins ties. */
function pickEnd(nodes: GraphNode[], depth: Map<number, number>): GraphNode | undefined {
  const consumed = new Set(nodes.flatMap((n) => n.inputs));
  const sinks = nodes.filter((n) => !consumed.has(n.id) && (depth.get(n.id) ?? 0) > 0);
  const pool = sinks.some((n) => n.shape.length === 0) ? sinks.filter((n) => n.shape.length === 0) : sinks;
  let best: GraphNode | undefined;
  for (const n of pool) if (!best || (depth.get(n.id) ?? 0) >= (depth.get(best.id) ?? 0)) best = n;
  return best;
}

/**
 * The input the main path continues through: one that the others are computed from
 * (x in x − max(x)), else the deepest, else the first.
 */
function mainInput(inputs: GraphNode[], depth: Map<number, number>, byId: Map<number, GraphNode>, same: Same): GraphNode {
  if (inputs.length === 1) return inputs[0];
  for (const a of inputs) {
    if (inputs.every((b) => b === a || dependsOn(b, a, byId, same))) return a;
  }
  let best = inputs[0];
  for (const n of inputs) if ((depth.get(n.id) ?? 0) > (depth.get(best.id) ?? 0)) best = n;
  return best;
}

/** Whether two nodes hold the same value (the core's sameValue). */
type Same = (a: GraphNode, b: GraphNode) => boolean;

/**
 * Whether `node` is computed from `target` or from a copy of it: hand-written softmax
 * evaluates exp(x) twice, and the sum of the second copy still belongs to the first.
 */
function dependsOn(node: GraphNode, target: GraphNode, byId: Map<number, GraphNode>, same: Same): boolean {
  const stack = [...node.inputs];
  const seen = new Set<number>();
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = byId.get(id);
    if (!n) continue;
    if (same(n, target)) return true;
    stack.push(...n.inputs);
  }
  return false;
}

function nameOf(n: GraphNode): string {
  if (n.name) return n.name;
  if (n.op === 'const' && typeof n.attrs.value === 'number') return String(n.attrs.value);
  if (n.leaf?.value !== undefined && n.op === 'const') return String(n.leaf.value);
  return `${n.op}(…)`;
}

const BINARY: Record<string, string> = { add: '+', sub: '−', mul: '⊙', div: '÷', pow: '^' };
const FUNCTIONS = new Set(['exp', 'log', 'sqrt', 'tanh', 'sigmoid', 'relu', 'abs', 'square', 'softmax', 'log_softmax', 'inv', 'det', 'logdet', 'trace', 'diag']);

function labelOf(s: Step): string {
  const other = s.other ? nameOf(s.other) : '';
  const op = s.node.op;
  if (op === 'matmul') return s.mainOnRight ? `${other}·` : `·${other}`;
  if (op in BINARY) {
    const sym = BINARY[op];
    if (op === 'mul' && s.other && s.other.shape.length === 0) return s.mainOnRight ? `${other}·` : `·${other}`;
    return s.mainOnRight ? `${other} ${sym}` : `${sym} ${other}`;
  }
  if (op === 'maximum' || op === 'minimum') return `${op === 'maximum' ? 'max' : 'min'}(·, ${other})`;
  if (op === 'neg') return '−';
  if (op === 'transpose') return 'ᵀ';
  if (op === 'sum' || op === 'mean' || op === 'max' || op === 'min' || op === 'logsumexp') {
    const axis = s.node.attrs.axis;
    return axis === null || axis === undefined ? op : `${op}(axis=${Array.isArray(axis) ? axis.join(',') : String(axis)})`;
  }
  if (op === 'cross_entropy' || op === 'softmax_cross_entropy') return 'cross-entropy';
  if (op === 'log_softmax') return 'log softmax';
  if (FUNCTIONS.has(op)) return op;
  return op.replace(/_/g, ' ');
}

/** The most steps of the path one written-out softmax or cross-entropy can cover. */
const MAX_FOLD = 16;

/**
 * Hand-written softmax and cross-entropy (as ir/patterns recognises them) are folded into
 * one box each: softmax for [x − max(x)] → exp → ÷ sum(exp), cross-entropy for log → ⊙ Y →
 * sum / mean / −, or log → P[arange(N), y] → mean → −.
 */
function foldPatterns(patterns: Patterns, path: Step[], graph: Graph): Step[] {
  const out: Step[] = [];
  for (let i = 0; i < path.length; i++) {
    const fold = foldFrom(patterns, path, i, graph);
    if (fold) {
      out.push(merge(path.slice(i, fold.end + 1), fold.op, fold.label));
      i = fold.end;
    } else {
      out.push(path[i]);
    }
  }
  return out;
}

/** The longest run of steps from `i` that are all parts of one pattern ending at the run's last step. */
function foldFrom(patterns: Patterns, path: Step[], i: number, graph: Graph): { end: number; op: string; label: string } | null {
  for (let j = Math.min(path.length - 1, i + MAX_FOLD); j >= i; j--) {
    const id = path[j].node.id;
    const found = recognise(patterns, graph, id);
    if (!found) continue;
    const parts = new Set(found.parts);
    if (path.slice(i, j + 1).every((s) => parts.has(s.node.id))) return { end: j, op: found.op, label: found.label };
  }
  return null;
}

function recognise(patterns: Patterns, graph: Graph, id: number): { parts: number[]; op: string; label: string } | null {
  const softmax = patterns.softmaxAt(graph, id);
  if (softmax) return { parts: softmax.parts, op: 'softmax', label: 'softmax' };
  const crossEntropy = patterns.crossEntropyAt(graph, id);
  if (crossEntropy) return { parts: crossEntropy.parts, op: 'cross_entropy', label: 'cross-entropy' };
  return patterns.logSoftmaxAt(graph, id) ? { parts: [id], op: 'log_softmax', label: 'log softmax' } : null;
}

function merge(steps: Step[], op: string, label: string): Step {
  const last = steps[steps.length - 1];
  const start = Math.min(...steps.map((s) => s.span.start));
  const end = Math.max(...steps.map((s) => s.span.end));
  return { ...last, op, label, span: { start, end } };
}

function detailOf(s: Step, text: string): string {
  const source = text.slice(s.span.start, s.span.end).replace(/\s+/g, ' ').trim();
  const name = s.node.name ? `${s.node.name}: ` : '';
  const shown = source.length > 120 ? `${source.slice(0, 117)}…` : source;
  return shown ? `${name}${shown}` : `${name}${s.label}`;
}

function toShape(shape: readonly (number | string)[]): Shape | null {
  if (shape.length > LIMITS.rank) return null;
  return shape.map((d) => (typeof d === 'number' && Number.isInteger(d) && d >= 0 ? d : clip(String(d), LIMITS.name)));
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
