import type { Graph, GraphNode, NodeId } from '../ir/graph';
import { leafModuleNamed, opModuleNamed, paramOf, unaryOpNamed } from '../ops/index';
import { labelGather, softmaxAt } from '../ir/patterns';
import type { IndexSpec } from '../shapes/rules/index';
import { type Assumption, ASSUMPTION_FORMS, checkAssumption, parseAssumption, rowsSumTo1, zeroOneMask } from './assumptions';
import { crossCheck } from './cross-check';
import { type DeriveError, type DeriveResult, derivation } from './derivation';
import { Exprs, type Node, type Shape2, ShapeError, type UnaryFn, variablesOf } from './expr';
import type { GraphReading } from './graph-reading';

/**
 * A traced graph (Python, math notation) → a symbolic expression. Where the code builds
 * an input (B = randn(…) * 0.01) the named value becomes the variable; where it spells
 * out a softmax (exp(Z − max Z) / sum(exp(…), axis=1)) the softmax is recognised; a
 * one-hot matrix built from eye(K)[labels] carries its guarantee that its rows sum to 1.
 */
export interface GraphDeriveOptions {
  assume?: string[];
  dims?: Record<string, number>;
  verify?: 'auto' | 'full';
}

export class GraphReadError extends Error {}

/**
 * The reading, the differentiation and the printers recurse along the graph, and the
 * result grows with every elementwise op it passes through: a loss deeper than this (the
 * longest chain of ops from a leaf) is not derived symbolically.
 */
export const MAX_DERIVE_DEPTH = 200;

/** The longest chain of ops from a leaf to `id`, without recursion (ids are in execution order). */
function depthOf(graph: Graph, id: NodeId): number {
  const depth = new Map<NodeId, number>();
  for (let k = 0; k <= id; k++) {
    const node = graph.nodes[k];
    let d = 0;
    for (const i of node.inputs) d = Math.max(d, (depth.get(i) ?? 0) + 1);
    depth.set(k, d);
  }
  return depth.get(id) ?? 0;
}

export function readGraph(graph: Graph, lossId: NodeId, wrtId: NodeId): GraphReading {
  const x = new Exprs();
  const memo = new Map<NodeId, Node>();
  const vars = new Map<string, Node>();
  const cuts = new Map<string, NodeId>();
  const oneHotOf = new Map<string, NodeId>();
  const guaranteed: Assumption[] = [];
  const names = new Map<Node, string>();
  const N = (id: NodeId) => graph.nodes[id];

  const unsupported = (node: GraphNode, what: string): never => {
    throw new GraphReadError(`cannot differentiate ${node.name ? `${node.name} = ` : ''}${what} symbolically`);
  };
  /** An op whose module says why it has no matrix form. */
  const refused = (node: GraphNode, reason: string): never => {
    throw new GraphReadError(`cannot differentiate ${node.name ? `${node.name} = ` : ''}\`${node.op}\` symbolically: ${reason}`);
  };
  const shape2 = (node: GraphNode): Shape2 => {
    const s = node.shape;
    if (s.length === 0) return [1, 1];
    if (s.length === 1) return [s[0], 1];
    if (s.length === 2) return [s[0], s[1]];
    return unsupported(node, `a ${s.length}-dimensional ${node.op}`);
  };
  const variable = (name: string, shape: Shape2, id: NodeId | null): Node => {
    const v = x.variable(name, shape);
    vars.set(name, v);
    if (id !== null) cuts.set(name, id);
    return v;
  };
  const freshName = (base: string) => {
    const taken = new Set([...graph.names.keys(), ...vars.keys()]);
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    return name;
  };

  /** No named node above it: the value is an input as the code creates it (randn * 0.01). */
  const isSource = (id: NodeId, top = true): boolean => {
    const node = N(id);
    if (!top && node.name) return false;
    return node.inputs.every((i) => isSource(i, false));
  };
  const isEye = (id: NodeId) => N(id).op === 'eye';
  const isInt = (id: NodeId) => N(id).dtype === 'int';

  /** eye(K)[labels] or one_hot(labels, K): a one-hot matrix. */
  const oneHot = (node: GraphNode): boolean => {
    const items = node.attrs.items as IndexSpec[] | undefined;
    if (node.op === 'one_hot') return isInt(node.inputs[0]) && node.attrs.on_value === undefined && node.attrs.off_value === undefined && node.inputs[0] !== wrtId;
    return node.op === 'index' && isEye(node.inputs[0]) && items?.length === 1 && items[0].kind === 'tensor' && isInt(node.inputs[1]);
  };
  const oneHotVariable = (shape: Shape2, preferred: string | undefined, id: NodeId | null): Node => {
    const name = preferred ?? freshName('Y');
    const v = preferred && vars.has(preferred) ? (vars.get(preferred) as Node) : variable(name, shape, id);
    if (!guaranteed.some((a) => a.name === name)) guaranteed.push({ ...rowsSumTo1(name, true), source: `${name} is one-hot in the code` });
    return v;
  };

  /**
   * A mask the code computes (a comparison, a dropout draw): a constant variable, drawn 0/1 by
   * every check. A boolean tensor is that mask and keeps its name; a number tensor read as one
   * (its nonzero entries, its draws above p) is a mask of its own, M.
   */
  const maskVariable = (id: NodeId, marks: string): Node => {
    const node = N(id);
    const bool = node.dtype === 'bool';
    const hit = memo.get(id);
    if (bool && hit?.op === 'var') return hit;
    const name = bool && node.name ? node.name : freshName('M');
    const v = vars.get(name) ?? variable(name, shape2(node), id);
    if (bool) memo.set(id, v);
    if (!guaranteed.some((a) => a.name === name)) guaranteed.push({ ...zeroOneMask(name), source: `${name} marks ${marks}` });
    return v;
  };

  const go = (id: NodeId): Node => {
    const hit = memo.get(id);
    if (hit) return hit;
    const out = read(id);
    memo.set(id, out);
    const node = N(id);
    if (node.name && out.op !== 'var') names.set(out, node.name);
    return out;
  };

  const read = (id: NodeId): Node => {
    const node = N(id);
    const shape = shape2(node);
    if (id === wrtId) return variable(node.name ?? freshName(`t${id}`), shape, id);
    if (oneHot(node)) return oneHotVariable(shape, node.name ? node.name : undefined, id);
    // Inputs as the code creates them: random or declared data, and named values computed from no other name (b = zeros(H)).
    const leaf = leafModuleNamed(node.op);
    if (leaf?.symbolic === 'variable' || (node.name && node.dtype === 'float' && isSource(id) && node.op !== 'const')) {
      if (node.dtype !== 'float') return unsupported(node, 'an integer tensor');
      return variable(node.name ?? freshName(`t${id}`), shape, id);
    }
    // A softmax written out over the rows of a matrix reads as softmax(Z); exp(U) / sum(exp(U)) as softmax(U) when U
    // is the variable; with any other part of it as the variable it is read op by op.
    const softmax = softmaxAt(graph, id);
    const rows = softmax && softmax.axes?.length === 1 && softmax.axes[0] === 1 && N(softmax.scores).shape.length === 2;
    if (softmax && rows && !softmax.parts.includes(wrtId)) return x.softmax(go(softmax.scores));
    if (softmax && rows && wrtId === softmax.argument && node.op === 'div') return x.softmax(go(softmax.argument));
    const ins = node.inputs;
    if (leaf) {
      if ('unsupported' in leaf.symbolic) return refused(node, leaf.symbolic.unsupported);
      return leaf.symbolic.read(x, shape, node, { unsupported: (what) => unsupported(node, what) });
    }
    // P[arange(N), y]: row i's entry in column y_i, i.e. (Y ⊙ P)·1 with Y one-hot; other indexing is the module's to refuse.
    if (node.op === 'index' && labelGather(graph, id)) {
      const P = go(ins[0]);
      const Y = oneHotVariable(P.shape, undefined, null);
      oneHotOf.set(Y.name as string, ins[2]);
      return x.sum(x.mul(Y, P), 1);
    }
    // log P[arange(N), y] = Σⱼ Yᵢⱼ log Pᵢⱼ for one-hot Y: the cross-entropy in matrix form.
    const g = node.op === 'log' ? labelGather(graph, ins[0]) : null;
    if (g) {
      const P = go(g.source);
      const Y = oneHotVariable(P.shape, undefined, null);
      oneHotOf.set(Y.name as string, g.labels);
      return x.sum(x.mul(Y, x.fn('log', P)), 1);
    }
    const unary = unaryOpNamed(node.op);
    if (unary) return x.fn(unary.name as UnaryFn, go(ins[0]), unary.param ? paramOf(unary, node.attrs) : undefined);
    const module = opModuleNamed(node.op);
    if (module) {
      if ('unsupported' in module.symbolic) return refused(node, module.symbolic.unsupported);
      return module.symbolic.read(x, node, (k) => go(ins[k]), { inputNode: (k) => N(ins[k]), mask: (k, marks) => maskVariable(ins[k], marks), unsupported: (what) => unsupported(node, what) });
    }
    return unsupported(node, `\`${node.op}\``);
  };

  const loss = go(lossId);
  return { x, loss, vars, cuts, oneHotOf, guaranteed, names };
}

const fail = (reason: DeriveError['reason'], error: string): DeriveError => ({ ok: false, reason, error });

/**
 * dE/d(wrt) for a traced graph: `lossName` and `wrtName` are variable names in the code
 * (the input or intermediate to differentiate with respect to). The expression read from
 * the graph is checked against the graph itself before anything is derived.
 */
export function deriveFromGraph(graph: Graph, lossName: string, wrtName: string, options: GraphDeriveOptions = {}): DeriveResult | DeriveError {
  const lossId = graph.names.get(lossName);
  if (lossId === undefined) return fail('input', `no value named ${lossName} in the analysed code`);
  const wrtId = graph.names.get(wrtName);
  if (wrtId === undefined) return fail('input', `no value named ${wrtName} in the analysed code`);
  const depth = depthOf(graph, lossId);
  if (depth > MAX_DERIVE_DEPTH) return fail('derive', `${lossName} is ${depth} operations deep; Grad Lens derives symbolically up to ${MAX_DERIVE_DEPTH} (select fewer lines, or check the gradient numerically)`);
  let reading: GraphReading;
  try {
    reading = readGraph(graph, lossId, wrtId);
  } catch (err) {
    if (err instanceof GraphReadError || err instanceof ShapeError) return fail('derive', err.message);
    throw err;
  }
  const wrt = reading.vars.get(wrtName);
  if (!wrt || !variablesOf(reading.loss).includes(wrt)) return fail('input', `${lossName} does not depend on ${wrtName}`);
  const assumptions: Assumption[] = [...reading.guaranteed];
  for (const s of options.assume ?? []) {
    const a = parseAssumption(s);
    if (!a) return fail('input', `cannot read the assumption "${s}"; the forms understood are: ${ASSUMPTION_FORMS.map((f) => `"${f}"`).join(', ')}`);
    const problem = checkAssumption(a, reading.vars);
    if (problem) return fail('input', problem);
    if (!assumptions.some((b) => b.text === a.text)) assumptions.push(a);
  }
  const mismatch = crossCheck(graph, lossId, reading, options.dims);
  if (mismatch) return fail('derive', mismatch);
  try {
    return derivation(reading.x, reading.loss, wrt, { lossName, assumptions, dims: options.dims, verify: options.verify, preferredNames: reading.names });
  } catch (err) {
    if (err instanceof ShapeError || (err instanceof Error && /^cannot differentiate/.test(err.message))) return fail('derive', err.message);
    throw err;
  }
}
