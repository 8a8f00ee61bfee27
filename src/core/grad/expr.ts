import { addDims, type Dim, formatDim, mulDims } from '../shapes/dim';

/**
 * The symbolic matrix expressions the differentiator works on. Everything is a matrix:
 * scalars are 1×1 and vectors are columns (n×1), as in the Matrix Cookbook. Nodes are
 * hash-consed by an `Exprs` factory, so structurally equal expressions are the same
 * object: sharing in the DAG is free and equality is `===`.
 */
export type Shape2 = readonly [Dim, Dim];

/**
 * Elementwise functions of one argument, by name: those with a module (ops/elementwise/),
 * and the Heaviside step, which only derivatives produce (relu′). The names are the
 * modules' (the expression language does not depend on the op list).
 */
export type UnaryFn = string;

export type Op =
  // leaves
  | 'var'
  | 'const'
  | 'dim'
  | 'eye'
  | 'ones'
  | 'zeros'
  // linear algebra
  | 'matmul'
  | 'transpose'
  | 'trace'
  | 'inv'
  | 'det'
  | 'Diag'
  | 'diag'
  | 'kron'
  // elementwise (NumPy broadcasting of 1-sized axes)
  | 'add'
  | 'sub'
  | 'neg'
  | 'mul'
  | 'div'
  | 'pow'
  | UnaryFn
  // reductions and row-wise maps
  | 'sum'
  | 'prod'
  | 'norm'
  | 'softmax'
  | 'standardize'
  // a block of a matrix, and a matrix placed in zeros (each the other's adjoint)
  | 'block'
  | 'embed'
  // the differential of its argument, only in the printed steps
  | 'd';

export interface Node {
  readonly id: number;
  readonly op: Op;
  readonly args: readonly Node[];
  readonly shape: Shape2;
  /** var: the name. */
  readonly name?: string;
  /** const: the value; pow: the exponent; an elementwise function: its parameter, if it takes one; standardize: its eps. */
  readonly value?: number;
  /** dim: the size this scalar stands for (N in 1/N). */
  readonly dim?: Dim;
  /** sum, prod: null = all elements (1×1), 0 = down the columns (1×c), 1 = along the rows (r×1). */
  readonly axis?: 0 | 1 | null;
  /** block, embed: the row and column where the block starts in the larger matrix. */
  readonly offset?: readonly [Dim, Dim];
  readonly key: string;
  /** Made by `fn`: an elementwise function of its one argument. */
  readonly fn?: true;
}

/** A shape error while building an expression: the input does not type-check. */
export class ShapeError extends Error {}

export const isScalar = (n: Node | Shape2): boolean => {
  const s = 'shape' in n ? (n as Node).shape : (n as Shape2);
  return s[0] === 1 && s[1] === 1;
};

export const sameShape = (a: Shape2, b: Shape2): boolean => a[0] === b[0] && a[1] === b[1];

export const showShape = (s: Shape2): string => `${formatDim(s[0])}×${formatDim(s[1])}`;

export const ELEMENTWISE_ARITH: ReadonlySet<Op> = new Set<Op>(['add', 'sub', 'neg', 'mul', 'div', 'pow']);
/** An elementwise function node (made by `fn`). */
export const isUnaryFn = (n: Node): boolean => n.fn === true;

/** NumPy broadcasting restricted to matrices: per axis equal sizes, or one of them 1. */
export function broadcastShapes(a: Shape2, b: Shape2): Shape2 | null {
  const axis = (x: Dim, y: Dim): Dim | null => (x === y ? x : x === 1 ? y : y === 1 ? x : null);
  const r = axis(a[0], b[0]);
  const c = axis(a[1], b[1]);
  return r === null || c === null ? null : [r, c];
}

/** Checks, where the sizes are known, that a block of `inner` at `offset` lies within `outer`. */
function inside(inner: Shape2, offset: readonly [Dim, Dim], outer: Shape2): void {
  for (const k of [0, 1] as const) {
    const end = addDims(offset[k], inner[k]);
    if (typeof end === 'number' && typeof outer[k] === 'number' && (end > outer[k] || (offset[k] as number) < 0)) {
      throw new ShapeError(`a ${showShape(inner)} block at (${formatDim(offset[0])}, ${formatDim(offset[1])}) does not fit in ${showShape(outer)}`);
    }
  }
}

/** What a reduction over `axis` leaves of a's shape. */
const reducedShape = (a: Node, axis: 0 | 1 | null): Shape2 => (axis === null ? [1, 1] : axis === 0 ? [1, a.shape[1]] : [a.shape[0], 1]);

/**
 * The factory: smart constructors that check shapes and intern nodes. They never
 * simplify (that is simplify.ts's job), so what the reverse pass builds is exactly what
 * the rules say.
 */
export class Exprs {
  private readonly table = new Map<string, Node>();
  private nextId = 0;

  get size(): number {
    return this.table.size;
  }

  private make(op: Op, args: readonly Node[], shape: Shape2, extra: { name?: string; value?: number; dim?: Dim; axis?: 0 | 1 | null; fn?: true; offset?: readonly [Dim, Dim] } = {}): Node {
    const attr =
      extra.name !== undefined
        ? `"${extra.name}":${shape[0]}x${shape[1]}`
        : extra.value !== undefined
          ? String(extra.value)
          : extra.dim !== undefined
            ? `#${extra.dim}`
            : extra.axis !== undefined
              ? `@${extra.axis}`
              : extra.offset !== undefined
                ? `@${extra.offset[0]},${extra.offset[1]}:${shape[0]}x${shape[1]}`
                : '';
    const shapeKey = args.length === 0 ? `${shape[0]}x${shape[1]}` : '';
    const key = `${op}[${attr}|${shapeKey}](${args.map((a) => a.id).join(',')})`;
    const found = this.table.get(key);
    if (found) return found;
    const node: Node = { id: this.nextId++, op, args, shape, key, ...extra };
    this.table.set(key, node);
    return node;
  }

  // ---- leaves -------------------------------------------------------------------------

  variable(name: string, shape: Shape2): Node {
    return this.make('var', [], shape, { name });
  }

  num(value: number): Node {
    return this.make('const', [], [1, 1], { value: Object.is(value, -0) ? 0 : value });
  }

  /** A size used as a number (the N of a mean). */
  dim(d: Dim): Node {
    return typeof d === 'number' ? this.num(d) : this.make('dim', [], [1, 1], { dim: d });
  }

  eye(n: Dim): Node {
    return this.make('eye', [], [n, n]);
  }

  ones(r: Dim, c: Dim): Node {
    return this.make('ones', [], [r, c]);
  }

  zeros(shape: Shape2): Node {
    return this.make('zeros', [], shape);
  }

  // ---- linear algebra -------------------------------------------------------------------

  /** An n-ary product, flattened: the chain A·B·C is one node so rules and printing see it whole. */
  matmul(...factors: Node[]): Node {
    const flat = factors.flatMap((f) => (f.op === 'matmul' ? f.args : [f]));
    if (flat.length === 0) throw new ShapeError('empty product');
    if (flat.length === 1) return flat[0];
    for (let i = 1; i < flat.length; i++) {
      if (flat[i - 1].shape[1] !== flat[i].shape[0]) {
        throw new ShapeError(`cannot multiply ${showShape(flat[i - 1].shape)} by ${showShape(flat[i].shape)}: inner sizes ${formatDim(flat[i - 1].shape[1])} and ${formatDim(flat[i].shape[0])} differ`);
      }
    }
    return this.make('matmul', flat, [flat[0].shape[0], flat[flat.length - 1].shape[1]]);
  }

  transpose(a: Node): Node {
    return this.make('transpose', [a], [a.shape[1], a.shape[0]]);
  }

  private square(a: Node, what: string): void {
    if (a.shape[0] !== a.shape[1]) throw new ShapeError(`${what} needs a square matrix, got ${showShape(a.shape)}`);
  }

  trace(a: Node): Node {
    this.square(a, 'tr');
    return this.make('trace', [a], [1, 1]);
  }

  inv(a: Node): Node {
    this.square(a, 'inv');
    return this.make('inv', [a], a.shape);
  }

  det(a: Node): Node {
    this.square(a, 'det');
    return this.make('det', [a], [1, 1]);
  }

  /** Diag(v): the square matrix with v on its diagonal (v a column or a row). */
  Diag(v: Node): Node {
    if (v.shape[1] !== 1 && v.shape[0] !== 1) throw new ShapeError(`Diag needs a vector, got ${showShape(v.shape)}`);
    const n = v.shape[1] === 1 ? v.shape[0] : v.shape[1];
    return this.make('Diag', [v.shape[1] === 1 ? v : this.transpose(v)], [n, n]);
  }

  /** diag(M): the diagonal of a square matrix, as a column. */
  diag(m: Node): Node {
    this.square(m, 'diag');
    return this.make('diag', [m], [m.shape[0], 1]);
  }

  kron(a: Node, b: Node): Node {
    return this.make('kron', [a, b], [mulDims(a.shape[0], b.shape[0]), mulDims(a.shape[1], b.shape[1])]);
  }

  // ---- elementwise ----------------------------------------------------------------------

  private binary(op: 'add' | 'sub' | 'mul' | 'div', a: Node, b: Node): Node {
    const shape = broadcastShapes(a.shape, b.shape);
    const sym = { add: '+', sub: '−', mul: '⊙', div: '⊘' }[op];
    if (!shape) throw new ShapeError(`${showShape(a.shape)} ${sym} ${showShape(b.shape)}: the shapes do not match`);
    return this.make(op, [a, b], shape);
  }

  add(a: Node, b: Node): Node {
    return this.binary('add', a, b);
  }

  sub(a: Node, b: Node): Node {
    return this.binary('sub', a, b);
  }

  /** Hadamard product; with a 1×1 operand, scalar multiplication. */
  mul(a: Node, b: Node): Node {
    return this.binary('mul', a, b);
  }

  div(a: Node, b: Node): Node {
    return this.binary('div', a, b);
  }

  neg(a: Node): Node {
    return this.make('neg', [a], a.shape);
  }

  /** Elementwise power with a constant exponent. */
  pow(a: Node, p: number): Node {
    return this.make('pow', [a], a.shape, { value: p });
  }

  /** f(A) elementwise; `param` is the function's parameter (leaky_relu's slope), if it takes one. */
  fn(op: UnaryFn, a: Node, param?: number): Node {
    return this.make(op, [a], a.shape, param === undefined ? { fn: true } : { value: param, fn: true });
  }

  // ---- reductions and row-wise maps -----------------------------------------------------

  sum(a: Node, axis: 0 | 1 | null = null): Node {
    return this.make('sum', [a], reducedShape(a, axis), { axis });
  }

  /** The product of the entries, over the same axes as `sum`. */
  prod(a: Node, axis: 0 | 1 | null = null): Node {
    return this.make('prod', [a], reducedShape(a, axis), { axis });
  }

  /** The Frobenius norm (the 2-norm of a vector). */
  norm(a: Node): Node {
    return this.make('norm', [a], [1, 1]);
  }

  /** Row-wise softmax: each row of the result sums to 1. */
  softmax(a: Node): Node {
    return this.make('softmax', [a], a.shape);
  }

  /**
   * Row-wise standardisation (layer norm without its weight and bias): each row less its
   * mean, over √(its biased variance + eps).
   */
  standardize(a: Node, eps: number): Node {
    return this.make('standardize', [a], a.shape, { value: eps });
  }

  // ---- blocks ---------------------------------------------------------------------------

  /** A[r₀ : r₀ + r, c₀ : c₀ + c]: the r×c block of A that starts at `offset`. */
  block(a: Node, offset: readonly [Dim, Dim], shape: Shape2): Node {
    inside(shape, offset, a.shape);
    return this.make('block', [a], shape, { offset });
  }

  /** A placed at `offset` in a matrix of zeros of `shape`: the padding of A, and a block's adjoint. */
  embed(a: Node, offset: readonly [Dim, Dim], shape: Shape2): Node {
    inside(a.shape, offset, shape);
    return this.make('embed', [a], shape, { offset });
  }

  d(a: Node): Node {
    return this.make('d', [a], a.shape);
  }

  /** The same node with new arguments, through the checking constructors. */
  rebuild(n: Node, args: readonly Node[]): Node {
    if (args.length === n.args.length && args.every((a, i) => a === n.args[i])) return n;
    const [a, b] = args;
    switch (n.op) {
      case 'matmul':
        return this.matmul(...args);
      case 'transpose':
        return this.transpose(a);
      case 'trace':
        return this.trace(a);
      case 'inv':
        return this.inv(a);
      case 'det':
        return this.det(a);
      case 'Diag':
        return this.Diag(a);
      case 'diag':
        return this.diag(a);
      case 'kron':
        return this.kron(a, b);
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
        return this.binary(n.op, a, b);
      case 'neg':
        return this.neg(a);
      case 'pow':
        return this.pow(a, n.value as number);
      case 'sum':
        return this.sum(a, n.axis ?? null);
      case 'prod':
        return this.prod(a, n.axis ?? null);
      case 'norm':
        return this.norm(a);
      case 'softmax':
        return this.softmax(a);
      case 'standardize':
        return this.standardize(a, n.value as number);
      case 'block':
        return this.block(a, n.offset as [Dim, Dim], n.shape);
      case 'embed':
        return this.embed(a, n.offset as [Dim, Dim], n.shape);
      case 'd':
        return this.d(a);
      default:
        if (isUnaryFn(n)) return this.fn(n.op, a, n.value);
        return n;
    }
  }
}

/** Nodes reachable from the roots, children before parents. */
export function topoOrder(roots: readonly Node[]): Node[] {
  const seen = new Set<Node>();
  const out: Node[] = [];
  const stack: { node: Node; next: number }[] = [];
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    stack.push({ node: root, next: 0 });
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.next < top.node.args.length) {
        const child = top.node.args[top.next++];
        if (!seen.has(child)) {
          seen.add(child);
          stack.push({ node: child, next: 0 });
        }
      } else {
        out.push(top.node);
        stack.pop();
      }
    }
  }
  return out;
}

/** The variables an expression reads, in order of first appearance. */
export function variablesOf(root: Node): Node[] {
  const out: Node[] = [];
  const seen = new Set<Node>();
  const visit = (n: Node) => {
    if (seen.has(n)) return;
    seen.add(n);
    if (n.op === 'var') out.push(n);
    n.args.forEach(visit);
  };
  visit(root);
  return out;
}

/** Nodes whose value changes with `wrt`. */
export function dependents(root: Node, wrt: Node): Set<Node> {
  const deps = new Set<Node>();
  for (const n of topoOrder([root])) {
    if (n === wrt || n.args.some((a) => deps.has(a))) deps.add(n);
  }
  return deps;
}

/** Tree size with shared subtrees counted each time: the cost the simplifier minimises. */
export function treeSize(n: Node, memo = new Map<Node, number>()): number {
  const m = memo.get(n);
  if (m !== undefined) return m;
  let s = 1;
  for (const a of n.args) s += treeSize(a, memo);
  memo.set(n, s);
  return s;
}
