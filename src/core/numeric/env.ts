import type { Graph, GraphNode, NodeId } from '../ir/graph';
import { type Dim, dimSymbols, evalDim } from '../shapes/dim';
import { convGeometry, poolGeometry } from './conv-params';

export const DEFAULT_BATCH = 8;
export const DEFAULT_ELEMENT_BUDGET = 50e6;
/**
 * Multiply-adds one float64 evaluation of the forward pass may cost. The check repeats that
 * evaluation for every finite-difference probe, and each evaluation runs without yielding,
 * so this also bounds how long a Cancel can wait: about 80 ms here (the seed network at
 * N = 64, 1.0e8 multiply-adds, stays under it).
 */
export const DEFAULT_WORK_BUDGET = 1.5e8;

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
    const values: Record<string, number> = {};
    for (const s of dimSymbols(d)) values[s] = this.symbol(s);
    const v = evalDim(d, values);
    return typeof v === 'number' ? Math.max(0, v) : this.defaultBatch;
  }

  shape(dims: readonly Dim[]): number[] {
    return dims.map((d) => this.dim(d));
  }

  shapeOf(node: GraphNode): number[] {
    return this.shape(node.shape);
  }
}

/** `reason` says what to do about it; `summary` only what exceeds which budget. */
export type Budget = { ok: true; elements: number } | { ok: false; elements: number; reason: string; summary: string };

/** Refuses a run that would hold more than `budget` elements (each node's value is kept). */
export function checkBudget(graph: Graph, env: NumericEnv, nodes: Iterable<NodeId>, budget = DEFAULT_ELEMENT_BUDGET): Budget {
  let elements = 0;
  let largest: GraphNode | null = null;
  let largestSize = 0;
  for (const id of nodes) {
    const node = graph.nodes[id];
    // A zero-size axis holds nothing, but kernels still loop over the others: (2**40, 0) is not small.
    const n = env.shapeOf(node).reduce((p, d) => p * Math.max(1, d), 1);
    elements += n;
    if (n > largestSize) {
      largestSize = n;
      largest = node;
    }
  }
  if (elements <= budget) return { ok: true, elements };
  const what = largest ? ` (the largest is ${largest.name ?? `a ${largest.op}`} with ${fmt(largestSize)})` : '';
  const summary = `the numeric check would hold ${fmt(elements)} tensor elements, more than the budget of ${fmt(budget)}${what}`;
  return { ok: false, elements, summary, reason: `${summary}: give smaller sizes with --dims / gradLens.dims or raise gradLens.elementBudget` };
}

/** Multiply-adds (about) of evaluating one node: products count their inner dimension, the rest their elements. */
export function nodeWork(graph: Graph, env: NumericEnv, node: GraphNode): number {
  const out = env.shapeOf(node).reduce((p, d) => p * Math.max(1, d), 1);
  const ins = node.inputs.map((i) => env.shapeOf(graph.nodes[i]));
  const sizes = ins.map((s) => s.reduce((p, d) => p * Math.max(1, d), 1));
  const elements = Math.max(out, ...sizes);
  try {
    switch (node.op) {
      case 'matmul': {
        const a = ins[0] ?? [];
        return Math.max(elements, out * (a.length ? a[a.length - 1] : 1));
      }
      case 'conv2d': {
        const g = convGeometry(ins[0], ins[1], node.attrs);
        return Math.max(elements, out * g.win.kh * g.win.kw * g.c);
      }
      case 'max_pool2d': {
        const g = poolGeometry(ins[0], node.attrs);
        return Math.max(elements, out * g.win.kh * g.win.kw);
      }
      case 'inv':
      case 'det':
      case 'logdet': {
        const n = ins[0]?.[ins[0].length - 1] ?? 1;
        return Math.max(elements, (sizes[0] / Math.max(1, n)) * n * n);
      }
      default:
        return elements;
    }
  } catch {
    return elements;
  }
}

/** Refuses a run whose evaluation of `nodes` (the forward pass) would cost more than `budget` multiply-adds. */
export function checkWork(graph: Graph, env: NumericEnv, nodes: Iterable<NodeId>, budget = DEFAULT_WORK_BUDGET): Budget {
  let work = 0;
  let largest: GraphNode | null = null;
  let largestWork = 0;
  for (const id of nodes) {
    const node = graph.nodes[id];
    const w = nodeWork(graph, env, node);
    work += w;
    if (w > largestWork) {
      largestWork = w;
      largest = node;
    }
  }
  if (work <= budget) return { ok: true, elements: work };
  const what = largest ? ` (the largest is ${largest.name ?? `a ${largest.op}`} with ${fmt(largestWork)})` : '';
  const summary = `one evaluation of the forward pass would take ${fmt(work)} multiply-adds, more than the budget of ${fmt(budget)}${what}`;
  return { ok: false, elements: work, summary, reason: `${summary}, and the check repeats it for every probe: give smaller sizes with --dims / gradLens.dims` };
}

export function fmt(n: number): string {
  if (!Number.isFinite(n) || n >= 1e12) return n.toExponential(1);
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)}G` : n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n);
}
