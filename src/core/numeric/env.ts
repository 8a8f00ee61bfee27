import type { Graph, GraphNode, NodeId } from '../ir/graph';
import type { Dim } from '../shapes/dim';

export const DEFAULT_BATCH = 8;
export const DEFAULT_ELEMENT_BUDGET = 50e6;

export interface NumericEnvOptions {
  /** Sizes the analysis learned (they already include the `dims` setting it was given). */
  bindings?: Readonly<Record<string, number>>;
  /** Sizes given for this run (`--dims`, `gradLens.dims`). */
  dims?: Readonly<Record<string, number>>;
  /** The size of every symbol still unknown, `?` included. */
  defaultBatch?: number;
}

/**
 * Turns symbolic dims into numbers for a numeric run. Symbols take their analysed value,
 * then the given dims, then the default batch size; `2*N` multiplies out. The symbols that
 * fell back to the default are remembered so messages can say "N = 8 (default)".
 */
export class NumericEnv {
  readonly symbols = new Map<string, number>();
  readonly defaulted = new Set<string>();
  readonly defaultBatch: number;
  private readonly known: Record<string, number>;

  constructor(options: NumericEnvOptions = {}) {
    this.defaultBatch = options.defaultBatch ?? DEFAULT_BATCH;
    this.known = { ...(options.dims ?? {}), ...(options.bindings ?? {}) };
  }

  symbol(name: string): number {
    const cached = this.symbols.get(name);
    if (cached !== undefined) return cached;
    let v = this.known[name];
    if (v === undefined || !(v >= 0)) {
      v = this.defaultBatch;
      this.defaulted.add(name);
    }
    this.symbols.set(name, v);
    return v;
  }

  dim(d: Dim): number {
    if (typeof d === 'number') return d;
    let v = 1;
    for (const part of d.split('*')) v *= /^\d+$/.test(part) ? Number(part) : this.symbol(part);
    return v;
  }

  shape(dims: readonly Dim[]): number[] {
    return dims.map((d) => this.dim(d));
  }

  shapeOf(node: GraphNode): number[] {
    return this.shape(node.shape);
  }
}

export type Budget = { ok: true; elements: number } | { ok: false; elements: number; reason: string };

/** Refuses a run that would hold more than `budget` elements (each node's value is kept). */
export function checkBudget(graph: Graph, env: NumericEnv, nodes: Iterable<NodeId>, budget = DEFAULT_ELEMENT_BUDGET): Budget {
  let elements = 0;
  let largest: GraphNode | null = null;
  let largestSize = 0;
  for (const id of nodes) {
    const node = graph.nodes[id];
    const n = env.shapeOf(node).reduce((p, d) => p * d, 1);
    elements += n;
    if (n > largestSize) {
      largestSize = n;
      largest = node;
    }
  }
  if (elements <= budget) return { ok: true, elements };
  const what = largest ? ` (the largest is ${largest.name ?? `a ${largest.op}`} with ${fmt(largestSize)})` : '';
  return {
    ok: false,
    elements,
    reason: `the numeric check would hold ${fmt(elements)} tensor elements, more than the budget of ${fmt(budget)}${what}: give smaller sizes with --dims / gradLens.dims or raise gradLens.elementBudget`,
  };
}

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n);
}
