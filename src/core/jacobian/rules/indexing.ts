import type { Graph, NodeId } from '../../ir/graph';
import { type IndexArray, planIndex } from '../../numeric/index-plan';
import type { Dim } from '../../shapes/dim';
import type { IndexSpec } from '../../shapes/rules/index';
import type { RuleContext } from './types';

/**
 * What the Jacobians of indexing gathers (x[items], ops/indexing/index-op.ts) and scatters
 * (x[items] op= v, ops/indexing/index-update.ts) share. Which elements move is
 * known only at concrete sizes, and only as far as the index arrays are known: an
 * arange is, integer labels are not — then every position along that axis is possible,
 * the structural superset of any run.
 */

type Plans = { shape: number[]; offsets: number[][] };

/** Offsets into x for every element of x[items], as the union over the values unknown index arrays may take. */
export function plans(graph: Graph, node: { inputs: NodeId[]; attrs: Record<string, unknown> }, xShape: number[], size: (d: Dim) => number, tensorBase: number): Plans {
  const items = (node.attrs.items as IndexSpec[] | undefined) ?? [];
  const known = new Map<number, IndexArray>();
  const unknown: { input: number; shape: number[]; axisSize: number }[] = [];
  let axis = 0;
  for (const it of items) {
    if (it.kind === 'tensor') {
      const idNode = graph.nodes[node.inputs[tensorBase + it.input]];
      if (idNode.dtype === 'bool') throw new Error('boolean masks are not supported in Jacobians');
      const shape = idNode.shape.map(size);
      const values = arangeValues(idNode, size);
      if (values) known.set(it.input, { shape, data: values, bool: false });
      else unknown.push({ input: it.input, shape, axisSize: xShape[axis] });
    }
    if (it.kind !== 'newaxis' && it.kind !== 'ellipsis') axis++;
  }
  const combos = unknown.reduce((p, u) => p * u.axisSize, 1);
  if (combos > 4096) throw new Error('too many unknown index values to enumerate');
  let shape: number[] = [];
  let offsets: number[][] = [];
  for (let c = 0; c < combos; c++) {
    let rest = c;
    const filled = new Map(known);
    for (const u of unknown) {
      const v = rest % u.axisSize;
      rest = Math.floor(rest / u.axisSize);
      filled.set(u.input, { shape: u.shape, data: new Array(u.shape.reduce((p, d) => p * d, 1)).fill(v), bool: false });
    }
    const plan = planIndex(xShape, items, (input) => filled.get(input) as IndexArray);
    shape = plan.shape;
    if (offsets.length === 0) offsets = Array.from(plan.offsets, () => []);
    plan.offsets.forEach((off, e) => {
      if (!offsets[e].includes(off)) offsets[e].push(off);
    });
  }
  return { shape, offsets };
}

/** arange(n) / arange(a, b) as known index values. */
function arangeValues(n: Graph['nodes'][number], size: (d: Dim) => number): number[] | null {
  if (n.op !== 'arange') return null;
  const start = n.attrs.start as Dim | undefined;
  const stop = n.attrs.stop as Dim | null | undefined;
  const [a, b] = stop === undefined || stop === null ? [0, size(start ?? 0)] : [size(start ?? 0), size(stop)];
  return Array.from({ length: Math.max(0, b - a) }, (_, k) => a + k);
}

export function unravel(flat: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    out[k] = flat % shape[k];
    flat = Math.floor(flat / shape[k]);
  }
  return out;
}

export const flatOf = (m: readonly number[], shape: readonly number[]) => m.reduce((p, v, k) => p * shape[k] + v, 0);

/** Memoised per concrete sizes of the shapes involved: the plan is the same for every output position. */
export function memo<T>(shapes: readonly (readonly Dim[])[], make: (size: (d: Dim) => number) => T): (size: (d: Dim) => number) => T {
  let key = '';
  let value: T | undefined;
  return (size) => {
    const k = shapes.map((s) => s.map(size).join('x')).join('|');
    if (value === undefined || k !== key) {
      value = make(size);
      key = k;
    }
    return value;
  };
}

/** The shapes an index plan depends on: x and every index array. */
export const planShapes = (ctx: RuleContext) => [ctx.shapes[0], ...ctx.node.inputs.map((id) => ctx.graph.nodes[id].shape)];
