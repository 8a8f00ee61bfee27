import type { Graph, GraphNode, NodeId } from '../ir/graph';
import type { IndexSpec } from '../shapes/rules/index';
import type { NumericEnv } from './env';
import { consumers } from './graph-walk';
import { Rng } from './prng';
import { type F64Tensor, filled, sizeOf } from './tensor';

/** Classes assumed for integer labels whose range nothing in the code reveals (MNIST/CIFAR-10). */
export const DEFAULT_CLASSES = 10;

/** Scale of a bias parameter: small, but not zero, so that its gradient is exercised. */
const BIAS_SCALE = 0.1;

/**
 * Deterministic values for the leaves of a graph. NumPy's creation calls keep their
 * meaning (randn is standard normal, zeros are zeros, the code's own `* 0.01` applies);
 * declared data is standard normal; parameters a layer creates are scaled by
 * 1/sqrt(fan-in) so activations stay O(1); labels are integers in [0, classes), the class
 * count taken from the code or inferred from how the labels index a tensor.
 */
export function leafValues(graph: Graph, env: NumericEnv, ids: Iterable<NodeId>, seed = 0): Map<NodeId, F64Tensor> {
  const users = consumers(graph);
  const out = new Map<NodeId, F64Tensor>();
  for (const id of ids) {
    const node = graph.nodes[id];
    if (!node.leaf && node.inputs.length > 0) continue;
    // Random leaves are the slow ones (a 1568×1024 randn); labels depend on their users, so they are not cached.
    const key = node.leaf?.fill === 'randn' || node.leaf?.fill === 'rand' || node.leaf?.fill === 'data' ? cacheKey(node, env, seed) : null;
    const cached = key !== null && node.leaf?.role !== 'labels' ? CACHE.get(key) : undefined;
    if (cached) {
      out.set(id, cached);
      continue;
    }
    const value = leafValue(graph, users, env, node, new Rng(mix(seed, id)));
    // float32-representable, so that the float64 reference and float32 autodiff start from the same point.
    for (let i = 0; i < value.data.length; i++) value.data[i] = Math.fround(value.data[i]);
    if (key !== null && node.leaf?.role !== 'labels') remember(key, value);
    out.set(id, value);
  }
  return out;
}

/**
 * Values of random leaves from recent checks (re-checking as the user edits draws the same
 * values again). Values are never written to (kernels and perturbations copy), so sharing is
 * safe; the cache holds at most CACHE_ELEMENTS numbers.
 */
const CACHE = new Map<string, F64Tensor>();
const CACHE_ELEMENTS = 8e6;
let cached = 0;

function cacheKey(node: GraphNode, env: NumericEnv, seed: number): string {
  return JSON.stringify([seed, node.id, node.op, node.leaf, node.name ?? null, env.shapeOf(node)]);
}

function remember(key: string, value: F64Tensor): void {
  if (value.data.length > CACHE_ELEMENTS / 2) return;
  while (cached + value.data.length > CACHE_ELEMENTS && CACHE.size) {
    const [oldest, v] = CACHE.entries().next().value as [string, F64Tensor];
    CACHE.delete(oldest);
    cached -= v.data.length;
  }
  CACHE.set(key, value);
  cached += value.data.length;
}

function mix(seed: number, id: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(id + 1, 0x85ebca6b)) >>> 0;
}

function leafValue(graph: Graph, users: NodeId[][], env: NumericEnv, node: GraphNode, rng: Rng): F64Tensor {
  const shape = env.shapeOf(node);
  const n = sizeOf(shape);
  const attrs = node.attrs;
  if (node.op === 'const') {
    const v = typeof attrs.value === 'number' ? attrs.value : typeof attrs.dim === 'string' ? env.dim(attrs.dim) : (node.leaf?.value ?? 0);
    return filled(shape, v);
  }
  const fill = node.leaf?.fill ?? 'zeros';
  const role = node.leaf?.role ?? 'constant';
  switch (fill) {
    case 'zeros':
      return filled(shape, 0);
    case 'ones':
      return filled(shape, 1);
    case 'full':
      return filled(shape, node.leaf?.value ?? (typeof attrs.value === 'number' ? attrs.value : 0));
    case 'eye': {
      const t = filled(shape, 0);
      const [r, c] = shape;
      for (let i = 0; i < Math.min(r, c); i++) t.data[i * c + i] = 1;
      return t;
    }
    case 'arange': {
      const start = attrs.stop === undefined || attrs.stop === null ? 0 : typeof attrs.start === 'number' ? attrs.start : 0;
      const t = filled(shape, 0);
      for (let i = 0; i < n; i++) t.data[i] = start + i;
      return t;
    }
    case 'rand': {
      const t = filled(shape, 0);
      for (let i = 0; i < n; i++) t.data[i] = rng.uniform();
      return t;
    }
    case 'values': {
      // The entries as written; a size in symbols takes the value the run gives it.
      const t = filled(shape, 0);
      const values = Array.isArray(attrs.values) ? (attrs.values as (number | string)[]) : [];
      for (let i = 0; i < n && i < values.length; i++) t.data[i] = typeof values[i] === 'number' ? (values[i] as number) : env.dim(values[i]);
      return t;
    }
    case 'labels':
      return labels(graph, users, env, node, shape, rng);
    case 'data':
      if (role === 'labels') return labels(graph, users, env, node, shape, rng);
      return normal(shape, role === 'param' ? paramScale(graph, users, env, node) : 1, rng);
    case 'randn':
      return normal(shape, role === 'param' ? paramScale(graph, users, env, node) : 1, rng);
  }
  return filled(shape, 0);
}

function normal(shape: number[], scale: number, rng: Rng): F64Tensor {
  const t = filled(shape, 0);
  for (let i = 0; i < t.data.length; i++) t.data[i] = scale * rng.normal();
  return t;
}

function labels(graph: Graph, users: NodeId[][], env: NumericEnv, node: GraphNode, shape: number[], rng: Rng): F64Tensor {
  let low = 0;
  let high = node.leaf?.high;
  if (typeof high === 'number') low = typeof node.attrs.low === 'number' ? node.attrs.low : 0;
  else if (typeof node.attrs.low === 'number' && node.attrs.high === undefined) high = node.attrs.low;
  else high = inferClasses(graph, users, env, node.id) ?? DEFAULT_CLASSES;
  const t = filled(shape, 0);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rng.int(low, Math.max(low + 1, high));
  return t;
}

/** Shape-preserving ops the labels may pass through before they are used. */
const PASS_THROUGH = new Set(['copy', 'reshape', 'flatten', 'squeeze', 'expand_dims']);

/**
 * The class count the labels must respect: the size of the axis they index (`P[arange(N), y]`,
 * `eye(K)[y]`) or the class axis of the logits they are the target of.
 */
export function inferClasses(graph: Graph, users: NodeId[][], env: NumericEnv, id: NodeId, depth = 0): number | null {
  let best: number | null = null;
  const take = (k: number) => {
    best = best === null ? k : Math.min(best, k);
  };
  for (const u of users[id]) {
    const user = graph.nodes[u];
    if (user.op === 'index' || user.op === 'index_update') {
      const first = user.op === 'index' ? 1 : 2;
      user.inputs.forEach((inp, pos) => {
        if (inp !== id || pos < first) return;
        const axis = indexedAxis((user.attrs.items ?? []) as IndexSpec[], pos - first + 1, graph.nodes[user.inputs[0]].shape.length, (k) => graph.nodes[user.inputs[first + k - 1]]);
        if (axis !== null) take(env.dim(graph.nodes[user.inputs[0]].shape[axis]));
      });
    } else if (user.op === 'cross_entropy' && user.inputs[1] === id) {
      const logits = graph.nodes[user.inputs[0]];
      if (logits.shape.length === 2) take(env.dim(logits.shape[1]));
    } else if (PASS_THROUGH.has(user.op) && depth < 4) {
      const k = inferClasses(graph, users, env, u, depth + 1);
      if (k !== null) take(k);
    }
  }
  return best;
}

/** The axis of x that the tensor index item `input` addresses. */
function indexedAxis(items: IndexSpec[], input: number, rank: number, nodeOf: (k: number) => GraphNode): number | null {
  const width = (it: IndexSpec) => (it.kind === 'newaxis' || it.kind === 'ellipsis' ? 0 : it.kind === 'tensor' && nodeOf(it.input).dtype === 'bool' ? nodeOf(it.input).shape.length : 1);
  const used = items.reduce((n, it) => n + width(it), 0);
  let axis = 0;
  for (const it of items) {
    if (it.kind === 'tensor' && it.input === input) return axis;
    axis += it.kind === 'ellipsis' ? rank - used : width(it);
  }
  return null;
}

/** 1/sqrt(fan-in) for weights, a small constant for biases. */
function paramScale(graph: Graph, users: NodeId[][], env: NumericEnv, node: GraphNode): number {
  const shape = env.shapeOf(node);
  if (shape.length <= 1) return BIAS_SCALE;
  const name = node.name ?? '';
  let fanIn: number | null = null;
  if (name.endsWith('.weight')) fanIn = sizeOf(shape.slice(1));
  else if (name.endsWith('.kernel')) fanIn = sizeOf(shape.slice(0, -1));
  else {
    // A declared matrix: its fan-in is the axis a matmul contracts.
    for (const u of users[node.id]) {
      const user = graph.nodes[u];
      if (user.op !== 'matmul') continue;
      fanIn = user.inputs[1] === node.id ? shape[shape.length - 2] : shape[shape.length - 1];
      break;
    }
  }
  return 1 / Math.sqrt(Math.max(1, fanIn ?? shape[0]));
}
