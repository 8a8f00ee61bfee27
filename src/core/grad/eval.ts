import type { Dim } from '../shapes/dim';
import { unaryOpNamed } from '../ops/index';
import { evalDim } from '../shapes/dim';
import type { Node } from './expr';
import * as M from './matrix';
import type { Mat } from './matrix';

/** Sizes for evaluation: symbols (N) and, when sizes are reduced, the known numbers too. */
export interface Sizes {
  symbols: Record<string, number>;
  /** A known size replaced by a smaller one (1568 → 5) for a cheaper check. */
  numbers?: Map<number, number>;
}

export function sizeOf(d: Dim, sizes: Sizes): number {
  if (typeof d === 'number') return sizes.numbers?.get(d) ?? d;
  const v = evalDim(d, sizes.symbols);
  if (typeof v !== 'number') throw new Error(`no size for ${d}`);
  // `D - 300000000000` with D a small test size: no matrix has it.
  if (v < 0 || !Number.isInteger(v)) throw new Error(`${d} is ${v} at the test sizes`);
  return v;
}

/** What is not an elementwise function with a module: the step of relu′, and negation. */
const UNARY: Record<string, (v: number) => number> = {
  step: (v) => (v > 0 ? 1 : 0),
  neg: (v) => -v,
};

/** The float64 map of an elementwise node: its module's kernel at the node's parameter. */
function unaryMap(n: Node): ((v: number) => number) | undefined {
  const op = unaryOpNamed(n.op);
  if (!op) return UNARY[n.op];
  const p = n.value ?? op.param?.default ?? 0;
  return (v) => op.f64(v, p);
}

const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
};

/**
 * Evaluates expressions in float64. `cache` holds values that do not change between
 * calls (everything not downstream of the variable being perturbed), so finite
 * differences recompute only what the perturbation touches.
 */
export class Evaluator {
  constructor(
    readonly sizes: Sizes,
    private readonly cache = new Map<Node, Mat>(),
  ) {}

  /** Evaluate with `inputs` (by variable name); nodes in `fixed` may be cached across calls. */
  run(root: Node, inputs: Record<string, Mat>, fixed?: Set<Node>): Mat {
    const local = new Map<Node, Mat>();
    const get = (n: Node): Mat => {
      const hit = local.get(n) ?? (fixed?.has(n) ? this.cache.get(n) : undefined);
      if (hit) return hit;
      const v = this.node(n, inputs, get);
      local.set(n, v);
      if (fixed?.has(n)) this.cache.set(n, v);
      return v;
    };
    return get(root);
  }

  private node(n: Node, inputs: Record<string, Mat>, get: (n: Node) => Mat): Mat {
    const size = (d: Dim) => sizeOf(d, this.sizes);
    switch (n.op) {
      case 'var': {
        const v = inputs[n.name as string];
        if (!v) throw new Error(`no value for ${n.name}`);
        return v;
      }
      case 'const':
        return M.filled(1, 1, n.value as number);
      case 'dim':
        return M.filled(1, 1, size(n.dim as Dim));
      case 'eye':
        return M.eye(size(n.shape[0]));
      case 'ones':
        return M.filled(size(n.shape[0]), size(n.shape[1]), 1);
      case 'zeros':
        return M.filled(size(n.shape[0]), size(n.shape[1]), 0);
      case 'matmul':
        return M.matmulChain(n.args.map(get));
      case 'transpose':
        return M.transpose(get(n.args[0]));
      case 'trace': {
        const a = get(n.args[0]);
        let s = 0;
        for (let i = 0; i < a.rows; i++) s += a.data[i * a.cols + i];
        return M.filled(1, 1, s);
      }
      case 'inv':
        return M.inv(get(n.args[0]));
      case 'det':
        return M.filled(1, 1, M.det(get(n.args[0])));
      case 'Diag': {
        const v = get(n.args[0]);
        const k = v.data.length;
        const out = M.mat(k, k);
        for (let i = 0; i < k; i++) out.data[i * k + i] = v.data[i];
        return out;
      }
      case 'diag': {
        const a = get(n.args[0]);
        const out = M.mat(a.rows, 1);
        for (let i = 0; i < a.rows; i++) out.data[i] = a.data[i * a.cols + i];
        return out;
      }
      case 'kron':
        return M.kron(get(n.args[0]), get(n.args[1]));
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
        return M.zip(get(n.args[0]), get(n.args[1]), BINARY[n.op]);
      case 'pow': {
        const p = n.value as number;
        return M.map(get(n.args[0]), p === 2 ? (v) => v * v : (v) => v ** p);
      }
      case 'sum':
        return M.sum(get(n.args[0]), n.axis ?? null);
      case 'prod':
        return M.prod(get(n.args[0]), n.axis ?? null);
      case 'norm':
        return M.filled(1, 1, M.frobeniusNorm(get(n.args[0])));
      case 'softmax':
        return M.softmax(get(n.args[0]));
      case 'standardize':
        return M.standardize(get(n.args[0]), n.value as number);
      case 'block':
      case 'embed': {
        const a = get(n.args[0]);
        const [r0, c0] = (n.offset as [Dim, Dim]).map(size);
        // The block's entries, read from A (block) or written into zeros (embed).
        const small = n.op === 'block' ? { rows: size(n.shape[0]), cols: size(n.shape[1]) } : a;
        const big = n.op === 'block' ? a : M.mat(size(n.shape[0]), size(n.shape[1]));
        const out = n.op === 'block' ? M.mat(small.rows, small.cols) : big;
        for (let i = 0; i < small.rows; i++) {
          for (let j = 0; j < small.cols; j++) {
            const at = (r0 + i) * big.cols + c0 + j;
            if (n.op === 'block') out.data[i * small.cols + j] = a.data[at];
            else out.data[at] = a.data[i * small.cols + j];
          }
        }
        return out;
      }
      case 'neg':
      default: {
        const f = unaryMap(n);
        if (!f) throw new Error(`cannot evaluate ${n.op}`);
        return M.map(get(n.args[0]), f);
      }
    }
  }
}
