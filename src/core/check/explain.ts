import type { Graph, NodeId } from '../ir/graph';
import type { RelatedInfo } from '../ir/problem';
import { matmul, transpose } from '../numeric/f64/linalg';
import { ancestors } from '../numeric/graph-walk';
import { type F64Tensor, shapesEqual } from '../numeric/tensor';
import { bestFactor, close } from './compare';
import { describeCoefficient, describeFactor, type FactorContext } from './factor';
import type { GradientsOnDemand, Reference } from './reference';
import type { GradientSite, Version } from './sites';
import { additiveParts, type Part, termMistake, wrongAxis } from './terms';
import type { Mistake } from './types';

/** Longest code quoted in a message. */
const MAX_QUOTE = 60;

/** A mistake that needs the code to be named: the sentence after the gradient's name. */
export interface StructuralMistake {
  mistake: Mistake;
  factor: number | null;
  detail: string;
}

/**
 * What the graph says about a verdict: how an in-place chain reads (`dh (after the ReLU
 * mask on line 26)`), which unnamed value a gradient belongs to, and mistakes that only the
 * code can name (a sum over the wrong axis, a missing or extra term).
 */
export class Explainer {
  private readonly lossParts: Part[];

  constructor(
    private readonly graph: Graph,
    private readonly text: string,
    private readonly lineLabel: (offset: number) => string,
    loss: NodeId,
    /** float64 value of any node the check evaluated (forward or hand-written), or null. */
    private readonly valueOf: (id: NodeId) => F64Tensor | null,
    private readonly more: GradientsOnDemand,
    private readonly ctx: FactorContext,
    /** float64 value of a node with some nodes' values replaced, or null when it cannot be evaluated. */
    private readonly evaluateWith: (id: NodeId, overrides: Map<NodeId, F64Tensor>) => F64Tensor | null = () => null,
  ) {
    this.lossParts = additiveParts(graph, loss);
  }

  /** A node as a message quotes it: its name, else its code in backticks. */
  describe(id: NodeId): string {
    const n = this.graph.nodes[id];
    if (n.name) return n.name;
    const code = this.text.slice(n.span.start, n.span.end).replace(/\s+/g, ' ').trim();
    return `\`${code.length > MAX_QUOTE ? `${code.slice(0, MAX_QUOTE - 1)}…` : code}\``;
  }

  /** Where a node is written, as messages say it: `line 12`, or `line 2 of cell 3` in a notebook. */
  private where(id: NodeId): string {
    return this.lineLabel(this.graph.nodes[id].span.start);
  }

  /**
   * The name a verdict uses, and where the value started: a value built in place reads
   * `dW (after += on line 23)` with its first assignment as related information.
   */
  chain(site: GradientSite, version: Version): { label: string; related: RelatedInfo[] } {
    // A value received from a call (`dx, dw, db = conv_backward(dout, cache)`) is the function's
    // result, however the function built it: no update is made on the line that receives it.
    if (version.fresh || this.graph.nodes[version.node].op === 'copy') return { label: site.name, related: [] };
    const i = site.versions.indexOf(version);
    let j = i;
    while (j > 0 && !site.versions[j].fresh) j--;
    const first = site.versions[j];
    const line = this.lineLabel(version.span.start);
    const inLoop = i > 0 && site.versions[i - 1].span.start === version.span.start;
    const noun = this.updateWords(version);
    const what = inLoop ? `the loop's last ${noun}` : /^\W/.test(noun) ? noun : `the ${noun}`;
    const firstLine = this.lineLabel(first.span.start);
    return {
      label: `${site.name} (after ${what} on ${line})`,
      related: firstLine === line ? [] : [{ span: first.span, message: `${site.name} starts here; the in-place updates up to ${line} make its final value` }],
    };
  }

  private updateWords(version: Version): string {
    const n = this.graph.nodes[version.node];
    if (n.op === 'index_update') {
      const mask = n.inputs.slice(2).find((id) => this.graph.nodes[id].dtype === 'bool');
      if (mask === undefined) return 'index assignment';
      return this.reluMask(mask) ? 'ReLU mask' : 'mask';
    }
    const op = ({ add: '+=', sub: '-=', mul: '*=', div: '/=' } as Record<string, string>)[n.op];
    return op ?? 'update';
  }

  /**
   * The value a ReLU mask leaves a gradient at: after `dh[h <= 0] = 0` on h = relu(z), the
   * gradient of z, with its reference (null for anything but such a mask).
   */
  maskedInput(version: Version, ref: Reference): { node: NodeId; grad: F64Tensor; label: string; where: string } | null {
    const n = this.graph.nodes[version.node];
    if (n.op !== 'index_update') return null;
    const mask = n.inputs.slice(2).find((id) => this.graph.nodes[id].dtype === 'bool');
    if (mask === undefined || !this.reluMask(mask)) return null;
    const other = this.graph.nodes[mask].inputs.find((id) => !(this.graph.nodes[id].op === 'const' && this.graph.nodes[id].attrs.value === 0)) as NodeId;
    const relu = (id: NodeId) => ['relu', 'maximum'].includes(this.graph.nodes[id].op);
    const r = relu(other) ? other : this.graph.nodes.find((x) => relu(x.id) && x.inputs.includes(other))?.id;
    if (r === undefined) return null;
    const z = this.graph.nodes[r].inputs.find((id) => !(this.graph.nodes[id].op === 'const'));
    if (z === undefined) return null;
    const grad = ref.grads.get(z) ?? this.more.ofLossAt([z]).get(z);
    return grad ? { node: z, grad, label: this.describe(z), where: this.where(z) } : null;
  }

  /** `h <= 0`, `hpre > 0`: a comparison with 0 of a ReLU's output or input. */
  private reluMask(mask: NodeId): boolean {
    const m = this.graph.nodes[mask];
    if (!['le', 'lt', 'gt', 'ge'].includes(m.op)) return false;
    const isZero = (id: NodeId) => this.graph.nodes[id].op === 'const' && this.graph.nodes[id].attrs.value === 0;
    const other = m.inputs.find((id) => !isZero(id));
    if (other === undefined || !m.inputs.some(isZero)) return false;
    const relu = (op: string) => op === 'relu' || op === 'maximum';
    return relu(this.graph.nodes[other].op) || this.graph.nodes.some((n) => relu(n.op) && n.inputs.includes(other));
  }

  /**
   * A value of the forward pass other than the variable whose gradient the hand value is:
   * named or not, nearest upstream of the variable first (the pre-activation before a ReLU).
   */
  gradientElsewhere(hand: F64Tensor, version: Version, variable: NodeId, ref: Reference, forward: ReadonlySet<NodeId>): { node: NodeId; grad: F64Tensor; label: string; where: string } | null {
    if (!hand.data.some((x) => x !== 0)) return null;
    const up = ancestors(this.graph, [variable]);
    const candidates = [...forward].filter((id) => {
      const n = this.graph.nodes[id];
      if (id === variable || id >= version.node || n.dtype !== 'float' || n.op === 'const') return false;
      const value = this.valueOf(id);
      return value !== null && shapesEqual(value.shape, hand.shape);
    });
    candidates.sort((a, b) => Number(up.has(b)) - Number(up.has(a)) || b - a);
    const match = (grads: ReadonlyMap<NodeId, F64Tensor>) => {
      for (const id of candidates) {
        const g = grads.get(id);
        if (!g || !shapesEqual(g.shape, hand.shape) || !g.data.some((x) => x !== 0)) continue;
        if (close(hand.data, g.data)) return { node: id, grad: g, label: this.describe(id), where: this.where(id) };
      }
      return null;
    };
    // The named values first (their gradients are known); one more backward pass only for the rest.
    const unknown = candidates.filter((id) => !ref.grads.has(id));
    return match(ref.grads) ?? (unknown.length ? match(this.more.ofLossAt(unknown)) : null);
  }

  /** A sum over the wrong axis, a missing, extra or mis-scaled term: named when the numbers show it. */
  structural(version: Version, variableName: string, variable: NodeId, hand: F64Tensor, ref: F64Tensor): StructuralMistake | null {
    const axis = wrongAxis(this.graph, version.node, ref, this.valueOf);
    if (axis) {
      return { mistake: 'wrong-axis', factor: null, detail: `is summed over the wrong axis: it sums ${this.describe(axis.input)} over ${axesWords(axis.used)}, the gradient of ${variableName} sums it over ${axesWords(axis.right)}` };
    }
    const termGradient = (t: Part): F64Tensor | null => {
      const g = this.more.ofPartAt(t.node, variable);
      return g && t.sign < 0 ? { shape: g.shape, data: g.data.map((x) => -x) } : g;
    };
    const found = termMistake(hand, ref, this.lossParts, termGradient, additiveParts(this.graph, version.node), this.valueOf);
    if (!found) return this.transposedOperand(version, ref);
    if (found.kind === 'missing-term') {
      const g = termGradient(found.term) as F64Tensor;
      const formula = this.formula(g, variable, variableName);
      return { mistake: 'missing-term', factor: null, detail: `is missing the gradient of ${this.describe(found.term.node)} (${this.where(found.term.node)})${formula ? `: ${formula}` : ''}` };
    }
    const part = `${found.part.sign < 0 ? '− ' : ''}${this.describe(found.part.node)} (${this.where(found.part.node)})`;
    if (found.kind === 'extra-term') return { mistake: 'extra-term', factor: null, detail: `has an extra term: ${part} is not part of the gradient of ${variableName}` };
    const f = describeFactor(found.factor, this.ctx).label;
    let why = '';
    if (found.term) {
      const formula = this.formula(termGradient(found.term) as F64Tensor, variable, variableName);
      why = `: the gradient of ${this.describe(found.term.node)} (${this.where(found.term.node)}) is ${formula ?? `${f} times it`}`;
    }
    return { mistake: 'scaled-term', factor: found.factor, detail: `has its term ${part} off by a factor of ${f}${why}` };
  }

  /** The nodes the gradient's own line computes: what it is built from, written on that line. */
  private lineNodes(version: Version): NodeId[] {
    return [...ancestors(this.graph, [version.node])].filter((id) => {
      const span = this.graph.nodes[id].span;
      return span.start >= version.span.start && span.end <= version.span.end;
    });
  }

  /**
   * `dK = dS @ Q` where `dS.T @ Q` is right: a square operand of a product on the gradient's
   * line used untransposed (or transposed where it should not be). Each such operand is
   * transposed in turn and the line evaluated again; the one that makes it right is named.
   */
  private transposedOperand(version: Version, ref: F64Tensor): StructuralMistake | null {
    for (const id of this.lineNodes(version)) {
      const product = this.graph.nodes[id];
      if (product.op !== 'matmul' || product.inputs.length !== 2) continue;
      const [a, b] = product.inputs.map((i) => this.valueOf(i));
      if (!a || !b || a.shape.length !== 2 || b.shape.length !== 2) continue;
      for (const k of [0, 1]) {
        const operand = k === 0 ? a : b;
        if (operand.shape[0] !== operand.shape[1] || operand.shape[0] < 2) continue;
        const flipped = transpose(operand, null);
        const value = this.evaluateWith(version.node, new Map([[id, k === 0 ? matmul(flipped, b) : matmul(a, flipped)]]));
        if (!value || !shapesEqual(value.shape, ref.shape) || !close(value.data, ref.data)) continue;
        const name = this.describe(product.inputs[k]);
        return { mistake: 'transposed', factor: null, detail: `has ${name} where its transpose is needed, in the product ${this.describe(id)} (${this.where(id)})` };
      }
    }
    return null;
  }

  /**
   * The value on the gradient's line (or read by it) that the difference hand − reference is
   * a multiple of, one factor per row: the softmax `A` when `dS = A * dA` leaves out
   * `− A * Σ(A⊙dA)`. Null when none is.
   */
  rowScaledDifference(version: Version, hand: F64Tensor, ref: F64Tensor): string | null {
    if (hand.shape.length !== 2 || !shapesEqual(hand.shape, ref.shape) || hand.shape[0] < 2 || hand.shape[1] < 2) return null;
    const [rows, cols] = hand.shape;
    let scale = 0;
    for (let k = 0; k < hand.data.length; k++) scale = Math.max(scale, Math.abs(hand.data[k] - ref.data[k]));
    if (scale === 0) return null;
    const read = new Set<NodeId>(this.lineNodes(version).flatMap((id) => this.graph.nodes[id].inputs));
    for (const id of read) {
      if (id === version.node) continue;
      const f = this.valueOf(id);
      if (!f || !shapesEqual(f.shape, hand.shape)) continue;
      let fits = true;
      for (let i = 0; i < rows && fits; i++) {
        // The factor of this row, from its largest entry of f; every entry must agree with it.
        let at = i * cols;
        for (let j = 1; j < cols; j++) if (Math.abs(f.data[i * cols + j]) > Math.abs(f.data[at])) at = i * cols + j;
        if (f.data[at] === 0) continue;
        const c = (hand.data[at] - ref.data[at]) / f.data[at];
        for (let j = 0; j < cols && fits; j++) {
          const k = i * cols + j;
          if (Math.abs(hand.data[k] - ref.data[k] - c * f.data[k]) > 1e-4 * scale) fits = false;
        }
      }
      if (fits) return this.describe(id);
    }
    return null;
  }

  /** A gradient that is a constant times the variable, as `2·reg·W`; null otherwise. */
  private formula(g: F64Tensor, variable: NodeId, name: string): string | null {
    const x = this.valueOf(variable);
    if (!x || !shapesEqual(x.shape, g.shape)) return null;
    const c = bestFactor(x.data, g.data);
    if (c === null || !close(x.data.map((v) => c * v), g.data)) return null;
    const coef = describeCoefficient(c, this.ctx);
    return coef === '1' ? name : coef === '−1' ? `−${name}` : `${coef}·${name}`;
  }
}

function axesWords(axes: number[]): string {
  return axes.length === 1 ? `axis ${axes[0]}` : `axes ${axes.slice(0, -1).join(', ')} and ${axes[axes.length - 1]}`;
}
