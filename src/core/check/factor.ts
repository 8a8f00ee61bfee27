import { joinLineLabels } from '../ir/span';
import type { Graph, NodeId } from '../ir/graph';
import type { Program, Stmt } from '../ir/program';
import type { NumericEnv } from '../numeric/env';
import { ancestors } from '../numeric/graph-walk';
import { reductionAxes } from '../numeric/f64/reduce';
import { batchNormLayout } from '../ops/reduce/batch_norm';
import { layerNormLayout } from '../ops/reduce/layer_norm';
import type { LayoutOf } from '../ops/reduce/standardize';

/** What the forward pass does that explains a constant factor in a gradient. */
export interface FactorContext {
  /**
   * Means (and sums divided by a constant) on the way to the loss: how many values, their
   * name, and whether the loss itself takes it (a scalar mean, cross-entropy's mean over the
   * batch) or a step inside the forward pass does (a batch mean in a normalisation layer).
   */
  means: { count: number; name: string | null; ofLoss: boolean; line: string | null; node: NodeId }[];
  /** The loss squares something (x², x**2): a missing or extra 2 is likely. */
  squares: boolean;
  /** Where the whole loss is multiplied by 0.5 (or divided by 2), as messages say it (`line 7`), if it is. */
  half?: string | null;
  /** Names holding a number: program constants (`N = 8`) and sizes of symbols. */
  named: Map<number, string[]>;
}

const SIZE_NAMES = ['N', 'batch_size', 'batch', 'B', 'm', 'n', 'M', 'num_samples', 'num_train', 'num_examples'];

function numberConstants(stmts: Stmt[], out: Map<number, string[]>): void {
  const add = (name: string, value: number) => out.set(value, [...(out.get(value) ?? []), name]);
  for (const s of stmts) {
    if (s.kind === 'assign' && s.op === '=') {
      if (s.target.kind === 'name' && s.value.kind === 'num') add(s.target.name, s.value.value);
      if (s.target.kind === 'tuple' && s.value.kind === 'tuple') {
        s.target.items.forEach((t, i) => {
          const v = (s.value as Extract<typeof s.value, { kind: 'tuple' }>).items[i];
          if (t.kind === 'name' && v?.kind === 'num') add(t.name, v.value);
        });
      }
    } else if (s.kind === 'for') numberConstants(s.body, out);
  }
}

function preferred(names: string[] | undefined): string | null {
  if (!names?.length) return null;
  return SIZE_NAMES.find((n) => names.includes(n)) ?? names[0];
}

/** The loss and the scalars it is computed from directly: where a mean is the loss's own. */
function scalarLevel(graph: Graph, loss: NodeId): Set<NodeId> {
  const out = new Set<NodeId>();
  const stack = [loss];
  while (stack.length) {
    const id = stack.pop() as NodeId;
    if (out.has(id) || graph.nodes[id].shape.length !== 0) continue;
    out.add(id);
    stack.push(...graph.nodes[id].inputs);
  }
  return out;
}

/** The norm ops take means (of x, and of its squared deviations) over the axes their layout reduces. */
const NORM_STATISTICS: Record<string, LayoutOf> = { layer_norm: layerNormLayout, batch_norm: batchNormLayout };

export function factorContext(graph: Graph, program: Program, env: NumericEnv, loss: NodeId, lineLabel: (offset: number) => string | null = () => null, text = ''): FactorContext {
  const named = new Map<number, string[]>();
  const top = scalarLevel(graph, loss);
  numberConstants(program.stmts, named);
  for (const [sym, v] of env.symbols) if (sym !== '?' && !sym.includes('*')) named.set(v, [...(named.get(v) ?? []), sym]);
  const means: FactorContext['means'] = [];
  let squares = false;
  let half: string | null = null;
  const constant = (id: NodeId) => (graph.nodes[id].op === 'const' ? graph.nodes[id].attrs.value : undefined);
  for (const id of ancestors(graph, [loss])) {
    const n = graph.nodes[id];
    if (id === loss && ((n.op === 'mul' && n.inputs.some((i) => constant(i) === 0.5)) || (n.op === 'div' && constant(n.inputs[1]) === 2))) half = lineLabel(n.span.start);
    const statistics = Object.hasOwn(NORM_STATISTICS, n.op) ? NORM_STATISTICS[n.op] : undefined;
    if (n.op === 'mean' || statistics) {
      const x = graph.nodes[n.inputs[0]];
      const axes = statistics ? statistics(n.attrs, x.shape.length).reduced : reductionAxes(n.attrs.axis, x.shape.length);
      const count = axes.reduce((p, a) => p * env.dim(x.shape[a]), 1);
      const sym = axes.length === 1 && typeof x.shape[axes[0]] === 'string' && x.shape[axes[0]] !== '?' ? (x.shape[axes[0]] as string) : null;
      means.push({ count, name: sym ?? preferred(named.get(count)), ofLoss: top.has(id), line: lineLabel(n.span.start), node: id });
    } else if (n.op === 'cross_entropy') {
      const logits = graph.nodes[n.inputs[0]];
      const d = logits.shape[0];
      means.push({ count: env.dim(d), name: typeof d === 'string' && d !== '?' ? d : preferred(named.get(env.dim(d))), ofLoss: true, line: lineLabel(n.span.start), node: id });
    } else if (n.op === 'div' && graph.nodes[n.inputs[1]].op === 'const' && graph.nodes[n.inputs[0]].shape.length === 0) {
      const c = graph.nodes[n.inputs[1]];
      const count = typeof c.attrs.value === 'number' ? c.attrs.value : typeof c.attrs.dim === 'string' ? env.dim(c.attrs.dim) : NaN;
      // `/ num_examples`: the name written where the number was, when no assignment of a literal gives one.
      const written = text.slice(c.span.start, c.span.end);
      const name = typeof c.attrs.dim === 'string' ? c.attrs.dim : (preferred(named.get(count)) ?? (/^[A-Za-z_]\w*$/.test(written) ? written : null));
      // `/ N` is a mean over N; `/ 2` with no size of 2 in the code is a scale (as `0.5 *` is).
      if (Number.isInteger(count) && count > 1 && name !== null) means.push({ count, name, ofLoss: top.has(id), line: lineLabel(n.span.start), node: id });
    } else if (n.op === 'square' || (n.op === 'pow' && graph.nodes[n.inputs[1]].attrs.value === 2)) squares = true;
  }
  return { means, squares, named, half };
}

export interface FactorWords {
  /** How the factor reads: `1/N (0.125)`, `2`, `0.37`. */
  label: string;
  /** Why it is likely there, or ''. */
  reason: string;
}

const near = (a: number, b: number) => Math.abs(a - b) <= 2e-3 * Math.abs(b);

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/** Names a factor (reference / hand) in terms of the code: 1/N with the mean it comes from, 2 from a square. */
export function describeFactor(factor: number, ctx: FactorContext): FactorWords {
  const sign = factor < 0 ? '−' : '';
  const f = Math.abs(factor);
  const tail = factor < 0 ? ', and the sign is wrong' : '';
  // The loss's own mean first: a missing 1/N is most often that one.
  for (const m of [...ctx.means.filter((x) => x.ofLoss), ...ctx.means.filter((x) => !x.ofLoss)]) {
    const who = m.name ? `${m.name} = ${m.count}` : String(m.count);
    const sym = m.name ?? String(m.count);
    const lines = [...new Set(ctx.means.filter((x) => !x.ofLoss && x.count === m.count && x.line).map((x) => x.line as string))];
    const where = lines.length > 1 ? ` (${joinLineLabels(lines)})` : lines.length ? ` on ${lines[0]}` : '';
    const what = m.ofLoss ? `the loss takes the mean over ${who} samples` : `the forward pass takes ${lines.length > 1 ? 'means' : 'a mean'} over ${who} values${where}, whose gradient divides by ${sym}`;
    if (near(f, 1 / m.count)) return { label: `${sign}1/${sym} (${fmt(factor)})`, reason: `${what}${tail}` };
    if (near(f, m.count)) return { label: `${sign}${sym} (${fmt(factor)})`, reason: `${what}, and the gradient divides by ${sym} once too often${tail}` };
  }
  // A 0.5 in front of the loss cancels the square's 2: then a missing 2 is not that one.
  if (near(f, 2)) return { label: `${sign}2`, reason: ctx.squares && !ctx.half ? `the 2 from the derivative of the square is missing${tail}` : tail.replace(/^, /, '') };
  if (near(f, 0.5)) {
    const why = ctx.half ? `the 0.5 that multiplies the loss (${ctx.half}) is left out` : ctx.squares ? 'the derivative of the square is counted twice' : '';
    return { label: `${sign}1/2 (${fmt(factor)})`, reason: why ? `${why}${tail}` : tail.replace(/^, /, '') };
  }
  for (const [value, names] of ctx.named) {
    if (value < 2) continue;
    const name = preferred(names);
    if (near(f, 1 / value)) return { label: `${sign}1/${name} (${fmt(factor)})`, reason: `the gradient is ${name} = ${value} times too large${tail}` };
    if (near(f, value)) return { label: `${sign}${name} (${fmt(factor)})`, reason: `the gradient is ${name} = ${value} times too small${tail}` };
  }
  return { label: fmt(factor), reason: tail.replace(/^, /, '') };
}

/** A coefficient in terms of the code's named numbers: `2·reg`, `reg/2`, `−lam`, or the number. */
export function describeCoefficient(c: number, ctx: FactorContext): string {
  const sign = c < 0 ? '−' : '';
  const a = Math.abs(c);
  for (const [value, names] of ctx.named) {
    if (value <= 0 || value === 1) continue;
    const name = preferred(names) as string;
    if (near(a, value)) return `${sign}${name}`;
    if (near(a, 2 * value)) return `${sign}2·${name}`;
    if (near(a, value / 2)) return `${sign}${name}/2`;
  }
  return `${sign}${fmt(a)}`;
}
