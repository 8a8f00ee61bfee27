// Numeric Jacobians with TensorFlow.js (cpu backend) and small dense-matrix helpers to
// build the closed forms (Bᵀ ⊗ A, K_{m,n}, blockdiag) that the structures claim.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's CommonJS entry registers no gradients; tsx loads this ES module for the tests.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Graph, NodeId } from '../../../src/core/ir/graph';
import type { VecOrder } from '../../../src/core/jacobian/types';

let ready: Promise<void> | null = null;
export function useCpu(): Promise<void> {
  ready ??= tf.setBackend('cpu').then(() => undefined);
  return ready;
}

/** Deterministic values away from 0 so that generic entries are visibly nonzero. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Values = Map<NodeId, tf.Tensor>;

/** Leaf values for every leaf of the graph, at the concrete sizes of `dims`. */
export function leafValues(graph: Graph, size: (d: number | string) => number, seed = 7): Values {
  const next = rng(seed);
  const values: Values = new Map();
  for (const n of graph.nodes) {
    if (n.inputs.length > 0) continue;
    if (n.op === 'const') {
      values.set(n.id, tf.scalar(typeof n.attrs.value === 'number' ? n.attrs.value : 1));
      continue;
    }
    const shape = n.shape.map(size);
    const count = shape.reduce((p, d) => p * d, 1);
    // Positive values in [0.5, 1.5) keep log and division away from trouble.
    values.set(n.id, tf.tensor(Array.from({ length: count }, () => 0.5 + next()), shape));
  }
  return values;
}

/** Evaluates node `of` with the values of the leaves (and any overrides). */
export function evaluate(graph: Graph, of: NodeId, values: Values): tf.Tensor {
  const memo = new Map<NodeId, tf.Tensor>(values);
  const get = (id: NodeId): tf.Tensor => {
    const hit = memo.get(id);
    if (hit) return hit;
    const n = graph.nodes[id];
    const xs = n.inputs.map(get);
    const axis = n.attrs.axis as number | number[] | null | undefined;
    const keep = n.attrs.keepdims === true;
    let out: tf.Tensor;
    switch (n.op) {
      case 'matmul':
        out = tf.matMul(xs[0], xs[1]);
        break;
      case 'transpose':
        out = tf.transpose(xs[0], (n.attrs.perm as number[] | null | undefined) ?? undefined);
        break;
      case 'add':
        out = tf.add(xs[0], xs[1]);
        break;
      case 'sub':
        out = tf.sub(xs[0], xs[1]);
        break;
      case 'mul':
        out = tf.mul(xs[0], xs[1]);
        break;
      case 'div':
        out = tf.div(xs[0], xs[1]);
        break;
      case 'pow':
        out = tf.pow(xs[0], xs[1]);
        break;
      case 'neg':
        out = tf.neg(xs[0]);
        break;
      case 'exp':
        out = tf.exp(xs[0]);
        break;
      case 'log':
        out = tf.log(xs[0]);
        break;
      case 'sqrt':
        out = tf.sqrt(xs[0]);
        break;
      case 'tanh':
        out = tf.tanh(xs[0]);
        break;
      case 'sigmoid':
        out = tf.sigmoid(xs[0]);
        break;
      case 'square':
        out = tf.square(xs[0]);
        break;
      case 'sum':
        out = tf.sum(xs[0], axis ?? undefined, keep);
        break;
      case 'mean':
        out = tf.mean(xs[0], axis ?? undefined, keep);
        break;
      case 'logsumexp':
        out = tf.logSumExp(xs[0], axis ?? undefined, keep);
        break;
      case 'softmax': {
        const a = typeof axis === 'number' ? axis : -1;
        out = tf.exp(tf.sub(xs[0], tf.logSumExp(xs[0], a, true)));
        break;
      }
      case 'log_softmax': {
        const a = typeof axis === 'number' ? axis : -1;
        out = tf.sub(xs[0], tf.logSumExp(xs[0], a, true));
        break;
      }
      case 'reshape':
        out = tf.reshape(xs[0], graph.nodes[id].shape as number[]);
        break;
      default:
        throw new Error(`the test evaluator has no kernel for ${n.op}`);
    }
    memo.set(id, out);
    return out;
  };
  return get(of);
}

/** Row-major multi-index ↔ vec-order position. */
export function vecPosition(flat: number, shape: readonly number[], vec: VecOrder): number {
  if (vec === 'row-major') return flat;
  const idx = new Array<number>(shape.length);
  let f = flat;
  for (let k = shape.length - 1; k >= 0; k--) {
    idx[k] = f % shape[k];
    f = Math.floor(f / shape[k]);
  }
  let pos = 0;
  let stride = 1;
  for (let k = 0; k < shape.length; k++) {
    pos += idx[k] * stride;
    stride *= shape[k];
  }
  return pos;
}

export interface Dense {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** J = ∂vec(F)/∂vec(X)ᵀ by reverse mode, one output element at a time. */
export function numericJacobian(graph: Graph, of: NodeId, wrt: NodeId, values: Values, vec: VecOrder): Dense {
  const x0 = values.get(wrt);
  if (!x0) throw new Error('wrt must be a leaf with a value');
  const f = (x: tf.Tensor) => evaluate(graph, of, new Map([...values, [wrt, x]]));
  const y = f(x0);
  const outShape = y.shape;
  const inShape = x0.shape;
  const rows = y.size;
  const cols = x0.size;
  const data = new Float64Array(rows * cols);
  const g = tf.grad(f);
  for (let r = 0; r < rows; r++) {
    const seed = new Float32Array(rows);
    seed[r] = 1;
    const dy = tf.tensor(seed, outShape);
    const grad = g(x0, dy).dataSync();
    const row = vecPosition(r, outShape, vec);
    for (let c = 0; c < cols; c++) data[row * cols + vecPosition(c, inShape, vec)] = grad[c];
  }
  return { rows, cols, data };
}

/** A value as a dense matrix (2-D; vectors as columns). */
export function matrixOf(t: tf.Tensor): Dense {
  const [r, c] = t.shape.length === 2 ? t.shape : [t.size, 1];
  return { rows: r, cols: c, data: Float64Array.from(t.dataSync()) };
}

export const at = (m: Dense, i: number, j: number) => m.data[i * m.cols + j];

export function eye(n: number): Dense {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function zeros(rows: number, cols: number): Dense {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function ones(rows: number, cols: number): Dense {
  return { rows, cols, data: new Float64Array(rows * cols).fill(1) };
}

export function matmul(a: Dense, b: Dense): Dense {
  if (a.cols !== b.rows) throw new Error(`matmul ${a.rows}×${a.cols} · ${b.rows}×${b.cols}`);
  const m = zeros(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) for (let k = 0; k < a.cols; k++) for (let j = 0; j < b.cols; j++) m.data[i * b.cols + j] += at(a, i, k) * at(b, k, j);
  return m;
}

export function transpose(a: Dense): Dense {
  const m = zeros(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) m.data[j * a.rows + i] = at(a, i, j);
  return m;
}

export function kron(a: Dense, b: Dense): Dense {
  const m = zeros(a.rows * b.rows, a.cols * b.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) for (let k = 0; k < b.rows; k++) for (let l = 0; l < b.cols; l++) m.data[(i * b.rows + k) * m.cols + j * b.cols + l] = at(a, i, j) * at(b, k, l);
  return m;
}

export function add(a: Dense, b: Dense, s = 1): Dense {
  return { rows: a.rows, cols: a.cols, data: a.data.map((v, k) => v + s * b.data[k]) };
}

export function scaleBy(a: Dense, s: number): Dense {
  return { rows: a.rows, cols: a.cols, data: a.data.map((v) => v * s) };
}

/** Diag(v) of a vector given as data. */
export function diag(v: ArrayLike<number>): Dense {
  const m = zeros(v.length, v.length);
  for (let i = 0; i < v.length; i++) m.data[i * v.length + i] = v[i];
  return m;
}

/** K_{m,n}: K vec(A) = vec(Aᵀ) for A m×n, column-major vec. */
export function commutation(m: number, n: number): Dense {
  const k = zeros(m * n, m * n);
  // vec(A)[i + m j] = A[i,j]; vec(Aᵀ)[j + n i] = A[i,j].
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) k.data[(j + n * i) * (m * n) + (i + m * j)] = 1;
  return k;
}

export function blockdiag(blocks: Dense[]): Dense {
  const rows = blocks.reduce((p, b) => p + b.rows, 0);
  const cols = blocks.reduce((p, b) => p + b.cols, 0);
  const m = zeros(rows, cols);
  let r0 = 0;
  let c0 = 0;
  for (const b of blocks) {
    for (let i = 0; i < b.rows; i++) for (let j = 0; j < b.cols; j++) m.data[(r0 + i) * cols + c0 + j] = at(b, i, j);
    r0 += b.rows;
    c0 += b.cols;
  }
  return m;
}

/** Rows of a matrix as column vectors. */
export function rowVectors(a: Dense): Dense[] {
  return Array.from({ length: a.rows }, (_, i) => ({ rows: a.cols, cols: 1, data: a.data.slice(i * a.cols, (i + 1) * a.cols) }));
}

export function maxAbsDiff(a: Dense, b: Dense): number {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error(`sizes differ: ${a.rows}×${a.cols} vs ${b.rows}×${b.cols}`);
  let d = 0;
  for (let k = 0; k < a.data.length; k++) d = Math.max(d, Math.abs(a.data[k] - b.data[k]));
  return d;
}

export function maxAbs(a: Dense): number {
  return a.data.reduce((p, v) => Math.max(p, Math.abs(v)), 0);
}

/** Entries that are numerically nonzero, relative to the largest (float32 autodiff gives exact zeros off the structure). */
export function numericNonzeros(j: Dense, rel = 1e-6): Set<string> {
  const tol = rel * Math.max(maxAbs(j), 1e-30);
  const out = new Set<string>();
  for (let i = 0; i < j.rows; i++) for (let c = 0; c < j.cols; c++) if (Math.abs(at(j, i, c)) > tol) out.add(`${i},${c}`);
  return out;
}

/** softmax of each row, in float64. */
export function softmaxRows(z: Dense): Dense {
  const out = zeros(z.rows, z.cols);
  for (let i = 0; i < z.rows; i++) {
    const row = z.data.slice(i * z.cols, (i + 1) * z.cols);
    const m = Math.max(...row);
    const e = row.map((x) => Math.exp(x - m));
    const s = e.reduce((p, x) => p + x, 0);
    e.forEach((x, j) => (out.data[i * z.cols + j] = x / s));
  }
  return out;
}
