import type { Graph, GraphNode, NodeId } from '../ir/graph';
import { shiftOf } from '../ir/patterns';
import type { Language } from '../ir/program';
import { sorted } from '../numeric/graph-walk';
import type { F64Tensor } from '../numeric/tensor';

/** exp(x) is inf in float64 above this. */
const EXP_OVERFLOW = Math.log(Number.MAX_VALUE);

/**
 * The first node of the forward pass (in execution order) whose value holds NaN or ±inf
 * while its inputs do not: where the trouble starts, rather than the loss it ends in.
 */
export function firstNonFinite(graph: Graph, values: ReadonlyMap<NodeId, F64Tensor>): NodeId | null {
  const bad = new Set<NodeId>();
  for (const id of sorted(values.keys())) {
    const v = values.get(id) as F64Tensor;
    const fill = graph.nodes[id].leaf?.fill;
    if ((fill && GENERATED_FINITE.has(fill)) || !countNonFinite(v.data)) continue;
    bad.add(id);
    if (!graph.nodes[id].inputs.some((i) => bad.has(i))) return id;
  }
  return null;
}

/** Leaves Grad Lens fills itself, always with finite values: no need to look. */
const GENERATED_FINITE = new Set(['randn', 'rand', 'zeros', 'ones', 'eye', 'arange', 'labels']);

function countNonFinite(data: ArrayLike<number>): number {
  let n = 0;
  // x − x is 0 for every finite x, NaN for ±inf and NaN.
  for (let i = 0; i < data.length; i++) if (data[i] - data[i] !== 0) n++;
  return n;
}

function count(data: ArrayLike<number>, test: (x: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < data.length; i++) if (test(data[i])) n++;
  return n;
}

function max(data: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < data.length; i++) if (data[i] > m) m = data[i];
  return m;
}

const short = (s: string) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
};

/** Parentheses around a compound operand: `z - …` reads wrong for z = `a @ b`. */
const operand = (s: string) => (/^[\w.]+(\[[^\]]*\])?$/.test(s) ? s : `(${s})`);

const of = (k: number, n: number) => (k === n ? `all ${n}` : `${k} of ${n}`);

/**
 * What went wrong at the first non-finite node, in the words of the code, with the usual fix:
 * a log of zero, a division by zero, an exp that overflows (an unshifted softmax).
 */
export function nonFiniteMessage(graph: Graph, node: GraphNode, values: ReadonlyMap<NodeId, F64Tensor>, text: string, language: Language): string {
  // An operand reads as the variable that held it, else as the code that computed it.
  const src = (n: GraphNode) => (n !== node && n.name ? n.name : short(text.slice(n.span.start, n.span.end)));
  const input = (k: number) => values.get(node.inputs[k]);
  const here = src(node);
  const v = values.get(node.id) as F64Tensor;
  const total = v.data.length;
  const bad = countNonFinite(v.data);
  const test = 'at the test values';
  const x = input(0);
  if (node.op === 'log' && x) {
    const arg = src(graph.nodes[node.inputs[0]]);
    const zeros = count(x.data, (t) => t === 0);
    const negative = count(x.data, (t) => t < 0);
    const fix = language === 'python' ? `add a small epsilon inside the log: np.log(${arg} + 1e-12)` : `add a small epsilon inside the log: log(${arg} + ε)`;
    if (zeros) return `log of zero: ${here} is -inf where its argument is 0 (${of(zeros, x.data.length)} entries ${test}); ${fix}`;
    if (negative) return `log of a negative number: ${here} is NaN where its argument is below 0 (${of(negative, x.data.length)} entries ${test}); the argument must be positive (a probability, a softmax output)`;
  }
  if (node.op === 'div') {
    const den = input(1);
    if (den) {
      const zeros = count(den.data, (t) => t === 0);
      if (zeros) {
        const d = src(graph.nodes[node.inputs[1]]);
        return `division by zero: ${here} divides by ${d}, which is 0 at ${of(zeros, den.data.length)} entries ${test}; add a small epsilon to the denominator, e.g. ${operand(d)} + 1e-12, or make sure it cannot be 0`;
      }
    }
  }
  if (node.op === 'exp' && x) {
    const top = max(x.data);
    if (top > EXP_OVERFLOW) {
      const z = graph.nodes[node.inputs[0]];
      const shifted = shiftOf(graph, z.id) !== null;
      const arg = operand(src(z));
      const fix = shifted
        ? 'scale the scores down'
        : language === 'python'
          ? `shift by the row max: np.exp(${arg} - ${arg}.max(axis=1, keepdims=True))`
          : `shift by the row max: exp(${arg} − max(${arg}))`;
      return `exp overflows: the argument of ${here} reaches ${top.toPrecision(4)} ${test}, and exp is inf in float64 above ${EXP_OVERFLOW.toFixed(2)}, so a softmax built from it is NaN; ${fix}`;
    }
  }
  if (node.op === 'sqrt' && x) {
    const negative = count(x.data, (t) => t < 0);
    if (negative) return `square root of a negative number: ${here} is NaN where its argument is below 0 (${of(negative, x.data.length)} entries ${test})`;
  }
  if (!node.inputs.length) return `${here} is not finite: ${of(bad, total)} entries are NaN or ±inf`;
  return `${here} is the first value of the forward pass that is not finite: ${of(bad, total)} entries are NaN or ±inf ${test}`;
}
