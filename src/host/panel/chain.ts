/**
 * The chain diagram's steps, read off the traced graph: from the loss back to an input
 * along the main path (C → ·B → ·A → softmax → cross-entropy). vscode-free and pure, so
 * it is unit-tested with the other adapters.
 */
import type { Graph, GraphNode } from '../../core/ir/graph';
import type { LineIndex, Span } from '../../core/ir/span';
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

export function chainOf(graph: Graph, text: string, lines: LineIndex): ChainNode[] {
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
    const main = mainInput(inputs, depth, byId);
    const other = inputs.find((n) => n !== main) ?? null;
    const mainOnRight = inputs.length > 1 && inputs.indexOf(main) > 0;
    path.push({ node, other, mainOnRight, label: '', op: node.op, span: node.span });
    node = main;
  }
  path.reverse();
  for (const step of path) if (step.op !== 'input') step.label = labelOf(step);
  const folded = foldPatterns(path, byId);

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
function mainInput(inputs: GraphNode[], depth: Map<number, number>, byId: Map<number, GraphNode>): GraphNode {
  if (inputs.length === 1) return inputs[0];
  for (const a of inputs) {
    if (inputs.every((b) => b === a || dependsOn(b, a, byId))) return a;
  }
  let best = inputs[0];
  for (const n of inputs) if ((depth.get(n.id) ?? 0) > (depth.get(best.id) ?? 0)) best = n;
  return best;
}

/**
 * Whether `node` is computed from `target` or from a copy of it: hand-written softmax
 * evaluates exp(x) twice, and the sum of the second copy still belongs to the first.
 */
function dependsOn(node: GraphNode, target: GraphNode, byId: Map<number, GraphNode>): boolean {
  const stack = [...node.inputs];
  const seen = new Set<number>();
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = byId.get(id);
    if (!n) continue;
    if (sameValue(n, target)) return true;
    stack.push(...n.inputs);
  }
  return false;
}

/** The same node, or the same op on the same inputs with the same attributes. */
function sameValue(a: GraphNode, b: GraphNode): boolean {
  if (a.id === b.id) return true;
  if (a.op !== b.op || a.inputs.length === 0 || a.inputs.length !== b.inputs.length) return false;
  return a.inputs.every((id, i) => id === b.inputs[i]) && JSON.stringify(a.attrs) === JSON.stringify(b.attrs);
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
  if (FUNCTIONS.has(op)) return op;
  return op.replace(/_/g, ' ');
}

/**
 * Hand-written forms of two common pieces are folded into one box:
 * softmax: [x − max(x)] → exp → ÷ sum(exp);  cross-entropy: log → ⊙ Y → sum / mean / −.
 */
function foldPatterns(path: Step[], byId: Map<number, GraphNode>): Step[] {
  const out: Step[] = [];
  for (let i = 0; i < path.length; i++) {
    const s = path[i];
    // softmax written out
    const shifted = s.op === 'sub' && !s.mainOnRight && s.other && ['max', 'logsumexp'].includes(s.other.op) && path[i + 1]?.op === 'exp';
    const e = shifted ? i + 1 : i;
    const denominator = path[e + 1]?.other;
    if (path[e]?.op === 'exp' && path[e + 1]?.op === 'div' && !path[e + 1].mainOnRight && denominator?.op === 'sum' && denominatorOf(denominator, path[e].node, byId)) {
      out.push(merge(path.slice(i, e + 2), 'softmax', 'softmax'));
      i = e + 1;
      continue;
    }
    // cross-entropy written out
    if ((s.op === 'log' || s.op === 'log_softmax') && path[i + 1]?.op === 'mul') {
      let j = i + 2;
      let reduced = false;
      let negated = false;
      while (j < path.length && ['sum', 'mean', 'neg'].includes(path[j].op)) {
        if (path[j].op === 'neg') negated = true;
        else reduced = true;
        j++;
      }
      if (reduced && negated) {
        const prefix = s.op === 'log_softmax' ? [merge([s], 'log_softmax', 'log softmax')] : [];
        out.push(...prefix, merge(path.slice(s.op === 'log_softmax' ? i + 1 : i, j), 'cross_entropy', 'cross-entropy'));
        i = j - 1;
        continue;
      }
    }
    out.push(s);
  }
  return out;
}

/** sum(exp(x)) where exp(x) is the numerator or a copy of it. */
function denominatorOf(sum: GraphNode, numerator: GraphNode, byId: Map<number, GraphNode>): boolean {
  const input = byId.get(sum.inputs[0]);
  return !!input && sameValue(input, numerator);
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
