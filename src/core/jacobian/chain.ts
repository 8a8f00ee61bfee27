import type { Graph, NodeId } from '../ir/graph';
import type { Dim } from '../shapes/dim';
import { type Axes, type Axis, classify } from './classify';
import { contract, NotSymbolic } from './contract';
import { type P, prod, sum, sym } from './formula';
import type { Namer } from './names';
import { identityP } from './print';
import { JACOBIAN_RULES } from './rules/index';
import type { RuleContext } from './rules/types';
import { delta, type Ix, mergeTerms, renameTerm, type Term } from './term';
import type { VecOrder } from './types';

/** More terms than this (long sums of paths) and the composite is classified from its pattern instead. */
export const MAX_TERMS = 64;

/** One op on a path from the variable to the output, with respect to one of its operands. */
export interface Edge {
  node: NodeId;
  /** Operand position in the op. */
  input: number;
  operand: NodeId;
  terms: Term[] | 'unsupported';
  /** Rows: the op's output axes; columns: the operand's axes. */
  axes: Axes;
  ctx: RuleContext;
}

export interface Chain {
  /** Nodes on some path from `wrt` to `of`, in graph order. */
  path: NodeId[];
  edges: Edge[];
  /** The composite ∂F/∂X as an index network; null when an op is known only by enumeration. */
  terms: Term[] | null;
  axes: Axes;
  /** The composite's formula: its closed form where one exists, else the product of the ops' Jacobians. */
  formula: P;
  sizes: Map<Ix, Dim>;
}

/** Nodes that lie on a path from `from` to `to`. Ids are in execution order, so only those between them are visited. */
export function pathNodes(graph: Graph, from: NodeId, to: NodeId): NodeId[] {
  const reach = new Set<NodeId>([from]);
  for (let id = from + 1; id <= to; id++) if (graph.nodes[id].inputs.some((i) => reach.has(i))) reach.add(id);
  const back = new Set<NodeId>([to]);
  for (let id = to; id >= from; id--) if (back.has(id)) for (const i of graph.nodes[id].inputs) back.add(i);
  const out: NodeId[] = [];
  for (let id = from; id <= to; id++) if (reach.has(id) && back.has(id)) out.push(id);
  return out;
}

/**
 * Forward accumulation of the chain rule on index networks: the Jacobian of each node on
 * the path with respect to X is the sum over its operands on the path of the op's
 * Jacobian contracted with the operand's.
 */
export function buildChain(graph: Graph, of: NodeId, wrt: NodeId, vec: VecOrder, namer: Namer): Chain {
  const sizes = new Map<Ix, Dim>();
  const axisIx = (prefix: string, shape: readonly Dim[]): (Ix | null)[] =>
    shape.map((d, a) => {
      if (d === 1) return null;
      const ix = `${prefix}${a}`;
      sizes.set(ix, d);
      return ix;
    });
  const axesOf = (ix: (Ix | null)[], shape: readonly Dim[]): Axis[] => shape.map((d, a) => ({ ix: ix[a], size: d }));
  const nodeIx = (id: NodeId) => axisIx(`v${id}.`, graph.nodes[id].shape);
  const wrtShape = graph.nodes[wrt].shape;
  const xIx = axisIx('x.', wrtShape);

  const path = pathNodes(graph, wrt, of);
  const onPath = new Set(path);
  const edges: Edge[] = [];
  const terms = new Map<NodeId, Term[] | null>();
  const formulas = new Map<NodeId, P>();
  terms.set(wrt, [{ coef: 1, mul: [], den: [], factors: nodeIx(wrt).flatMap((ix, a) => delta(ix, xIx[a])) }]);
  formulas.set(wrt, identityP());

  for (const v of path) {
    if (v === wrt) continue;
    const node = graph.nodes[v];
    const rule = JACOBIAN_RULES[node.op];
    const out = nodeIx(v);
    const ins = node.inputs.map((u, k) => axisIx(`e${v}.${k}.`, graph.nodes[u].shape));
    const ctx: RuleContext = { graph, node, out, in: ins, shapes: node.inputs.map((u) => graph.nodes[u].shape) };
    let acc: Term[] | null = [];
    const chained: { sign: 1 | -1; p: P }[] = [];
    node.inputs.forEach((u, k) => {
      if (!onPath.has(u)) return;
      const r = rule ? rule.wrt(ctx, k) : 'unsupported';
      const edge: Edge = { node: v, input: k, operand: u, terms: r, axes: { out: axesOf(out, node.shape), in: axesOf(ins[k], graph.nodes[u].shape) }, ctx };
      edges.push(edge);
      chained.push(times(opFormula(edge, vec, namer), formulas.get(u) as P));
      const tu = terms.get(u);
      if (r === 'unsupported' || tu === null || tu === undefined || acc === null) {
        acc = null;
        return;
      }
      const uIx = nodeIx(u);
      const internal = new Set(ins[k].filter((x): x is Ix => x !== null));
      const toEdge = new Map(uIx.map((x, a) => [x, ins[k][a]] as const).filter((e): e is [Ix, Ix] => e[0] !== null && e[1] !== null));
      try {
        for (const t of tu) {
          const moved = renameTerm(t, (x) => toEdge.get(x) ?? x);
          for (const rt of r) acc.push(contract([...rt.factors, ...moved.factors], rt.coef * moved.coef, [...rt.mul, ...moved.mul], [...rt.den, ...moved.den], internal, (x) => sizes.get(x) ?? 1));
        }
      } catch (err) {
        if (!(err instanceof NotSymbolic)) throw err;
        acc = null;
      }
    });
    const merged: Term[] | null = acc === null ? null : mergeTerms(acc);
    terms.set(v, merged !== null && merged.length > MAX_TERMS ? null : merged);
    const closed = merged ? classify(merged, { out: axesOf(out, node.shape), in: axesOf(xIx, wrtShape) }, vec, namer)?.formula : null;
    formulas.set(v, closed ?? (chained.length ? sum(chained) : sym('0')));
  }
  const ofIx = nodeIx(of);
  return {
    path,
    edges,
    terms: terms.get(of) ?? null,
    axes: { out: axesOf(ofIx, graph.nodes[of].shape), in: axesOf(xIx, wrtShape) },
    formula: formulas.get(of) ?? sym('0'),
    sizes,
  };
}

/** J_op · J_u, with a bare ±1 (negation) folded into the sign. */
function times(op: P, rest: P): { sign: 1 | -1; p: P } {
  const minusOne = op.k === 'sum' && op.items.length === 1 && op.items[0].sign < 0 && op.items[0].p.k === 'sym' && op.items[0].p.text === '1';
  const one = op.k === 'sym' && (op.text === '1' || /^I(_|$)/.test(op.text));
  if (minusOne) return { sign: -1, p: rest };
  if (one) return { sign: 1, p: rest };
  return { sign: 1, p: prod([op, rest]) };
}

/** One op's Jacobian printed on its own: its closed form, or what its rule says it is. */
export function opFormula(edge: Edge, vec: VecOrder, namer: Namer): P {
  const rule = JACOBIAN_RULES[graphOp(edge)];
  if (edge.terms !== 'unsupported') {
    const c = classify(edge.terms, edge.axes, vec, namer);
    if (c?.formula) return c.formula;
  }
  const explicit = rule?.explicit?.(edge.ctx, edge.input, vec);
  if (explicit) return explicit.formula;
  const name = graphOp(edge);
  return sym(`J_${name}`, `J_{\\mathrm{${name.replace(/_/g, '\\_')}}}`);
}

const graphOp = (edge: Edge) => edge.ctx.node.op;
