import type { Graph, GraphNode, NodeId } from '../../ir/graph';
import type { Dim } from '../../shapes/dim';
import type { P } from '../formula';
import { delta, type Factor, type Ix, type Src, type Term, tensor } from '../term';
import type { StructureClass, VecOrder } from '../types';

/**
 * What a Jacobian rule sees: the op's node, and one index variable per axis of the
 * output and of each operand (null for size-1 axes, which vanish from vec).
 */
export interface RuleContext {
  graph: Graph;
  node: GraphNode;
  out: (Ix | null)[];
  in: (Ix | null)[][];
  /** Operand shapes, in input order. */
  shapes: Dim[][];
}

/**
 * The Jacobian part of the op table: for an op, its Jacobian with respect to operand k
 * as an index network (a sum of terms; [] is zero). 'unsupported' when the op has no
 * rule for this operand (the analysis says so rather than guess).
 */
export interface JacobianRule {
  wrt: (ctx: RuleContext, k: number) => Term[] | 'unsupported';
  /** For ops given by enumeration: their structure and formula, which the terms cannot say. */
  explicit?: (ctx: RuleContext, k: number, vec: VecOrder) => { structure: StructureClass; formula: P };
}

export const srcNode = (graph: Graph, id: NodeId): GraphNode => graph.nodes[id];

/**
 * An operand's axes aligned with the output's (NumPy broadcasting: aligned from the
 * right; a size-1 axis stretches). For each operand axis, the output index it feeds, or
 * null when it is stretched or vanishes.
 */
export function aligned(outIx: readonly (Ix | null)[], shape: readonly Dim[]): (Ix | null)[] {
  const offset = outIx.length - shape.length;
  return shape.map((d, j) => (d === 1 ? null : (outIx[j + offset] ?? null)));
}

/** δ between each output axis and the operand axis that feeds it: an elementwise op's skeleton. */
export function pointwiseDeltas(ctx: RuleContext, k: number): Factor[] {
  const offset = ctx.out.length - ctx.shapes[k].length;
  return ctx.in[k].flatMap((ix, j) => delta(ctx.out[j + offset] ?? null, ix));
}

/** A value of node `id`, broadcast over the output's axes. */
export function valueOnOutput(ctx: RuleContext, src: Src): Factor[] {
  const shape = ctx.graph.nodes[src.node].shape;
  return tensor(src, aligned(ctx.out, shape));
}

/** J = Diag(vec(coef · Π values)) for an elementwise op, broadcasting included. */
export function pointwise(ctx: RuleContext, k: number, values: Src[], coef = 1): Term[] {
  return [{ coef, mul: [], den: [], factors: [...pointwiseDeltas(ctx, k), ...values.flatMap((v) => valueOnOutput(ctx, v))] }];
}

/** An expression of one node's value with its own printed form: 1 − F ⊙ F for tanh′. */
export function expr(node: NodeId, key: string, text: string, latex: string, letter?: string): Src {
  return { kind: 'expr', node, key: `${key}#${node}`, text, latex, letter };
}
