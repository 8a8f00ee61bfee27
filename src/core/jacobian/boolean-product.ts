import type { Graph } from '../ir/graph';
import type { Dim } from '../shapes/dim';
import type { Chain, Edge } from './chain';
import { type ConcreteAxes, opSupport, PatternTooCostly, unravel, vecStrides } from './pattern';
import type { VecOrder } from './types';

/** Work (set insertions) beyond which the boolean product gives up. */
export const MAX_PRODUCT_WORK = 20_000_000;
/** Time after which it gives up as well: a unit of work costs from nanoseconds to microseconds depending on the ops. */
export const MAX_PRODUCT_MS = 1000;

/**
 * The composite's pattern as the boolean product of the ops' patterns along the chain
 * (and the union over paths), accumulated in reverse one output element at a time so
 * that the partial products keep the output's few rows. Null when it would list more
 * than `limit` nonzeros or cost more than MAX_PRODUCT_WORK.
 */
export function booleanProduct(graph: Graph, chain: Chain, of: number, wrt: number, vec: VecOrder, size: (d: Dim) => number, limit: number): [number, number][] | null {
  try {
    return product(graph, chain, of, wrt, vec, size, limit);
  } catch (err) {
    if (err instanceof PatternTooCostly) return null;
    throw err;
  }
}

function product(graph: Graph, chain: Chain, of: number, wrt: number, vec: VecOrder, size: (d: Dim) => number, limit: number): [number, number][] | null {
  const concrete = (e: Edge): ConcreteAxes => ({ out: e.axes.out.map((a) => ({ ix: a.ix, size: size(a.size) })), in: e.axes.in.map((a) => ({ ix: a.ix, size: size(a.size) })) });
  const supports = new Map<Edge, (y: number) => number[]>();
  const supportOf = (e: Edge) => {
    let s = supports.get(e);
    if (!s) {
      if (e.terms === 'unsupported') throw new Error(`no Jacobian rule for ${graph.nodes[e.node].op}`);
      s = opSupport(e.terms, concrete(e), size);
      supports.set(e, s);
    }
    return s;
  };
  const byNode = new Map<number, Edge[]>();
  for (const e of chain.edges) byNode.set(e.node, [...(byNode.get(e.node) ?? []), e]);
  const outShape = graph.nodes[of].shape.map(size);
  const inShape = graph.nodes[wrt].shape.map(size);
  const outStride = vecStrides(outShape, vec);
  const inStride = vecStrides(inShape, vec);
  const rows = outShape.reduce((p, d) => p * d, 1);
  const descending = [...chain.path].reverse();
  const pairs: [number, number][] = [];
  // Each row costs work even when it reaches nothing (a window that misses the image everywhere).
  if (rows > MAX_PRODUCT_WORK) return null;
  const until = performance.now() + MAX_PRODUCT_MS;
  let work = 0;
  for (let r = 0; r < rows; r++, work++) {
    if ((r & 0xff) === 0 && performance.now() > until) return null;
    const dep = new Map<number, Set<number>>([[of, new Set([r])]]);
    for (const v of descending) {
      if (v === wrt) continue;
      const set = dep.get(v);
      if (!set || set.size === 0) continue;
      for (const e of byNode.get(v) ?? []) {
        const sup = supportOf(e);
        let target = dep.get(e.operand);
        if (!target) dep.set(e.operand, (target = new Set()));
        for (const y of set) {
          const xs = sup(y);
          work += xs.length + 1;
          // Checked per element: one edge of a large op alone can take seconds (and overflow a Set).
          if (work > MAX_PRODUCT_WORK || ((work & 0xfff) === 0 && performance.now() > until)) return null;
          for (const x of xs) target.add(x);
        }
      }
    }
    const row = vecIndex(r, outShape, outStride);
    const cols = [...(dep.get(wrt) ?? [])].map((c) => vecIndex(c, inShape, inStride)).sort((a, b) => a - b);
    for (const c of cols) pairs.push([row, c]);
    if (pairs.length > limit) return null;
  }
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return pairs;
}

/** Row-major flat position → position in the vec order. */
function vecIndex(flat: number, shape: number[], strides: number[]): number {
  return unravel(flat, shape).reduce((p, v, k) => p + v * strides[k], 0);
}
