/**
 * Jacobian structure: J = ∂vec(F)/∂vec(X)ᵀ for a whole expression with respect to one
 * input, and for every op with respect to each operand. Each comes with its class, its
 * formula, its size (as a formula and at the current dims), its density and its
 * structural sparsity pattern, in a stated vec order: column-major by default for math
 * notation (Magnus–Neudecker), row-major for Python (NumPy).
 */
import type { Analysis } from '../analysis';
import type { Graph, NodeId } from '../ir/graph';
import type { Problem } from '../ir/problem';
import type { Expr, Language } from '../ir/program';
import { type Dim, dimSymbols } from '../shapes/dim';
import { nameUnknownBatch } from './batch-symbol';
import { buildChain, type Edge, opFormula, pathNodes } from './chain';
import { blockingProblems, traceExpression } from '../trace/expression';
import { Namer } from './names';
import { MAX_PATTERN_NONZEROS } from './pattern';
import { JACOBIAN_RULES } from './rules/index';
import { concreteSize, DEFAULT_SYMBOL_SIZE } from './sizes';
import { describe } from './structure';
import type { JacobianResult, OpJacobian, VecOrder } from './types';

export type { Blocks, Formula, JacobianResult, JacobianStructure, OpJacobian, Pattern, StructureClass, VecOrder } from './types';
export { STRUCTURE_CLASSES } from './types';
export { MAX_PATTERN_NONZEROS } from './pattern';
export { DEFAULT_SYMBOL_SIZE } from './sizes';
export { JACOBIAN_RULES } from './rules/index';

/** Longest chain of ops jacobianOf follows: the composite's values grow with each elementwise op on it. */
export const MAX_PATH_NODES = 1000;

/** Per-op patterns are for the panel's small pictures. */
export const PER_OP_PATTERN_NONZEROS = 100_000;

export type JacobianSource = string | Expr | Graph | Analysis;

export interface JacobianOptions {
  /** The variable X (a declared or assigned name). */
  wrt: string;
  /** The value F (a name); default: the expression, or the graph's last op. */
  of?: string;
  /** Shapes of the names an expression uses (A: [1024, 10], C: ['N', 1568]). */
  shapes?: Readonly<Record<string, readonly Dim[]>>;
  /** Sizes for symbols; others take DEFAULT_SYMBOL_SIZE. */
  dims?: Readonly<Record<string, number>>;
  /** Default: column-major for math notation, row-major for Python and bare graphs. */
  vec?: VecOrder;
  /** Largest pattern to list (default MAX_PATTERN_NONZEROS); 0 lists none. */
  maxPatternEntries?: number;
  /** Largest per-op pattern to list (default PER_OP_PATTERN_NONZEROS). */
  maxOpPatternEntries?: number;
  /** The notation of a bare graph, for the default vec order. */
  language?: Language;
}

/** The input could not be analysed (a shape error, an unknown name, an op without a rule). */
export class JacobianError extends Error {
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

interface Resolved {
  graph: Graph;
  of: NodeId;
  language: Language | undefined;
}

function isGraph(x: JacobianSource): x is Graph {
  return typeof x === 'object' && 'nodes' in x && 'names' in x && !('program' in x);
}

function isAnalysis(x: JacobianSource): x is Analysis {
  return typeof x === 'object' && 'graph' in x && 'program' in x;
}

function resolve(source: JacobianSource, options: JacobianOptions): Resolved {
  const r = resolveGraph(source, options);
  return { ...r, graph: nameUnknownBatch(r.graph) };
}

function resolveGraph(source: JacobianSource, options: JacobianOptions): Resolved {
  if (typeof source === 'string' || (!isGraph(source) && !isAnalysis(source))) {
    const traced = traceExpression(source as string | Expr, options.shapes ?? {}, options.dims ?? {});
    const errors = blockingProblems(traced.problems);
    if (errors.length) throw new JacobianError(errors.map((p) => p.message).join('; '), errors);
    const name = options.of ?? traced.output;
    return { graph: traced.graph, of: nodeNamed(traced.graph, name), language: 'math' };
  }
  const graph = isAnalysis(source) ? source.graph : source;
  const language = isAnalysis(source) ? source.language : options.language;
  if (options.of !== undefined) return { graph, of: nodeNamed(graph, options.of), language };
  const ops = graph.nodes.filter((n) => n.inputs.length > 0);
  if (!ops.length) throw new JacobianError('the code has no operations to differentiate');
  return { graph, of: ops[ops.length - 1].id, language };
}

function nodeNamed(graph: Graph, name: string): NodeId {
  const id = graph.names.get(name);
  if (id === undefined) throw new JacobianError(`there is no value named ${name}${graph.names.size ? ` (known: ${[...graph.names.keys()].join(', ')})` : ''}`);
  return id;
}

/** Symbol values: the given ones, and the default for every other symbol the graph uses. */
function dimsFor(graph: Graph, ids: readonly NodeId[], given: Readonly<Record<string, number>>): Record<string, number> {
  const env: Record<string, number> = { ...given };
  for (const id of ids) for (const d of graph.nodes[id].shape) for (const s of dimSymbols(d)) if (env[s] === undefined) env[s] = DEFAULT_SYMBOL_SIZE;
  return env;
}

/** ∂vec(F)/∂vec(X)ᵀ for the expression (or graph) with respect to `wrt`, with the per-op Jacobians along the way. */
export function jacobianOf(source: JacobianSource, options: JacobianOptions): JacobianResult {
  try {
    return jacobianOfSource(source, options);
  } catch (err) {
    // A rule that cannot enumerate this case (a boolean mask, an index out of bounds in the code): the input's fault, said as such.
    if (err instanceof JacobianError) throw err;
    throw new JacobianError(`Grad Lens could not describe this Jacobian: ${(err as Error).message}`);
  }
}

function jacobianOfSource(source: JacobianSource, options: JacobianOptions): JacobianResult {
  const { graph, of, language } = resolve(source, options);
  const wrt = nodeNamed(graph, options.wrt);
  const length = pathNodes(graph, wrt, of).length;
  if (length > MAX_PATH_NODES) throw new JacobianError(`${graph.nodes[of].name ?? 'the output'} depends on ${options.wrt} through ${length} operations; Grad Lens describes Jacobians through at most ${MAX_PATH_NODES} (select fewer lines)`);
  const vec: VecOrder = options.vec ?? (language === 'math' ? 'column-major' : 'row-major');
  const namer = new Namer(graph);
  const chain = buildChain(graph, of, wrt, vec, namer);
  const unsupported = chain.edges.filter((e) => e.terms === 'unsupported');
  if (unsupported.length) throw new JacobianError(`Grad Lens has no Jacobian rule for ${[...new Set(unsupported.map((e) => graph.nodes[e.node].op))].join(', ')} here`);
  const env = dimsFor(graph, [...chain.path, of, wrt], options.dims ?? {});
  const size = (d: Dim) => concreteSize(d, env);
  const labels = { of: namer.label(of), wrt: namer.label(wrt) };
  const composite = describe({
    graph,
    terms: chain.path.length ? chain.terms : [],
    axes: chain.axes,
    chain,
    of,
    wrt,
    labels,
    vec,
    namer,
    size,
    limit: options.maxPatternEntries ?? MAX_PATTERN_NONZEROS,
    fallback: chain.formula,
  });
  const perOp = chain.edges.map((e) => describeEdge(graph, e, vec, namer, size, options.maxOpPatternEntries ?? PER_OP_PATTERN_NONZEROS));
  return { ...composite, perOp, dims: env };
}

function describeEdge(graph: Graph, edge: Edge, vec: VecOrder, namer: Namer, size: (d: Dim) => number, limit: number): OpJacobian {
  const node = graph.nodes[edge.node];
  const terms = edge.terms === 'unsupported' ? null : edge.terms;
  const symbolic = terms && !terms.some((t) => t.factors.some((f) => f.kind === 'explicit')) ? terms : null;
  const hint = JACOBIAN_RULES[node.op]?.explicit?.(edge.ctx, edge.input, vec);
  const s = describe({
    graph,
    terms: symbolic,
    axes: edge.axes,
    chain: { path: [edge.operand, edge.node], edges: [edge] },
    of: edge.node,
    wrt: edge.operand,
    labels: { of: namer.label(edge.node), wrt: namer.label(edge.operand) },
    vec,
    namer,
    size,
    limit,
    fallback: opFormula(edge, vec, namer),
    hint: symbolic ? undefined : hint,
  });
  return { ...s, node: edge.node, op: node.op, input: edge.input, span: { start: node.span.start, end: node.span.end } };
}

export interface OpListingOptions {
  dims?: Readonly<Record<string, number>>;
  vec?: VecOrder;
  language?: Language;
  maxPatternEntries?: number;
}

/**
 * The panel's per-operation listing: every op node's Jacobian with respect to each of
 * its floating-point operands, in graph order. Ops without a rule are left out.
 */
export function opJacobians(source: Graph | Analysis, options: OpListingOptions = {}): OpJacobian[] {
  const graph = nameUnknownBatch(isAnalysis(source) ? source.graph : source);
  const language = isAnalysis(source) ? source.language : options.language;
  const vec: VecOrder = options.vec ?? (language === 'math' ? 'column-major' : 'row-major');
  const namer = new Namer(graph);
  const env = dimsFor(graph, graph.nodes.map((n) => n.id), options.dims ?? {});
  const size = (d: Dim) => concreteSize(d, env);
  const out: OpJacobian[] = [];
  for (const node of graph.nodes) {
    if (node.inputs.length === 0 || node.dtype !== 'float' || !JACOBIAN_RULES[node.op]) continue;
    for (const u of new Set(node.inputs)) {
      if (graph.nodes[u].dtype !== 'float') continue;
      try {
        const chain = buildChain(graph, node.id, u, vec, namer);
        for (const e of chain.edges.filter((x) => x.node === node.id && x.terms !== 'unsupported')) out.push(describeEdge(graph, e, vec, namer, size, options.maxPatternEntries ?? PER_OP_PATTERN_NONZEROS));
      } catch {
        // A rule that cannot enumerate this op here (a boolean mask, an index the code gets wrong): left out, like an op without a rule.
      }
    }
  }
  return out;
}
