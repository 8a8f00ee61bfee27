import { ELEMENTWISE_ARITH, type Exprs, isScalar, type Node, type Op, sameShape, ShapeError, treeSize } from './expr';
import { PolyForm } from './poly';
import type { Dim } from '../shapes/dim';

/**
 * Simplification, a pass of its own: differentiation never calls it, the reverse pass
 * is handed it. Rewrites are local (one node, its arguments already simplified), keyed
 * by op, each returning a replacement or null; a replacement must keep the shape. The
 * elementwise normal form (poly.ts) is one rewrite among them, taken only when it is
 * smaller. Rules that hold only under an assumption come from assumptions.ts.
 */
export type Rewrite = (x: Exprs, n: Node) => Node | null;
export type RewriteTable = Partial<Record<Op, Rewrite[]>>;

const isConst = (n: Node, v?: number) => n.op === 'const' && (v === undefined || n.value === v);
const isZero = (n: Node) => n.op === 'zeros' || isConst(n, 0);

/** Replaces the i-th factor of a product. */
const withFactor = (x: Exprs, m: Node, i: number, f: Node) => x.matmul(...m.args.slice(0, i), f, ...m.args.slice(i + 1));

const transposeRules: Rewrite[] = [
  (x, t) => {
    const a = t.args[0];
    if (a.op === 'transpose') return a.args[0];
    if (isScalar(a) || a.op === 'eye' || a.op === 'Diag') return a;
    switch (a.op) {
      case 'zeros':
        return x.zeros([a.shape[1], a.shape[0]]);
      case 'ones':
        return x.ones(a.shape[1], a.shape[0]);
      // (A·B)ᵀ = Bᵀ·Aᵀ
      case 'matmul':
        return x.matmul(...a.args.map((f) => x.transpose(f)).reverse());
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
        return x.rebuild(a, a.args.map((f) => x.transpose(f)));
      case 'neg':
        return x.neg(x.transpose(a.args[0]));
      case 'pow':
        return x.pow(x.transpose(a.args[0]), a.value as number);
      // A placed block, transposed, is the transposed block placed at the mirrored offset.
      case 'embed': {
        const [r0, c0] = a.offset as readonly [Dim, Dim];
        return x.embed(x.transpose(a.args[0]), [c0, r0], [a.shape[1], a.shape[0]]);
      }
      default:
        return null;
    }
  },
];

const matmulRules: Rewrite[] = [
  (x, m) => (m.args.some(isZero) ? x.zeros(m.shape) : null),
  // A·I = A
  (x, m) => {
    const rest = m.args.filter((f) => f.op !== 'eye');
    if (rest.length === m.args.length) return null;
    return rest.length ? x.matmul(...rest) : m.args[0];
  },
  // Scalars come out of products: A·(c·B) = c·(A·B), A·(−B) = −(A·B).
  (x, m) => {
    for (let i = 0; i < m.args.length; i++) {
      const f = m.args[i];
      if (f.op === 'neg') return x.neg(withFactor(x, m, i, f.args[0]));
      if (f.op === 'mul' && isScalar(f.args[0]) !== isScalar(f.args[1])) {
        const [s, rest] = isScalar(f.args[0]) ? [f.args[0], f.args[1]] : [f.args[1], f.args[0]];
        return x.mul(s, withFactor(x, m, i, rest));
      }
      if (f.op === 'div' && isScalar(f.args[1]) && !isScalar(f.args[0])) return x.div(withFactor(x, m, i, f.args[0]), f.args[1]);
      // A 1×1 factor inside a chain: its neighbours are n×1 and 1×m, which still fit.
      if (isScalar(f)) {
        const rest = m.args.filter((_, j) => j !== i);
        return x.mul(f, x.matmul(...rest));
      }
    }
    return null;
  },
  // 1ᵀ·1 = n
  (x, m) => {
    for (let i = 0; i + 1 < m.args.length; i++) {
      const [a, b] = [m.args[i], m.args[i + 1]];
      if (a.op === 'ones' && b.op === 'ones' && a.shape[0] === 1 && b.shape[1] === 1) {
        return x.matmul(...m.args.slice(0, i), x.dim(a.shape[1]), ...m.args.slice(i + 2));
      }
    }
    return null;
  },
];

/** (v·1ᵀ) ⊙ A = Diag(v)·A and (1·wᵀ) ⊙ A = A·Diag(w): a broadcast column or row as a matrix product. */
function diagBroadcast(x: Exprs, a: Node, b: Node): Node | null {
  if (b.op === 'matmul' && sameShape(a.shape, b.shape) && !isScalar(a)) {
    const last = b.args[b.args.length - 1];
    const first = b.args[0];
    if (last.op === 'ones' && last.shape[0] === 1) return x.matmul(x.Diag(x.matmul(...b.args.slice(0, -1))), a);
    if (first.op === 'ones' && first.shape[1] === 1) return x.matmul(a, x.Diag(x.matmul(...b.args.slice(1))));
  }
  // Broadcasting a column (r×1) over r×c, or a row (1×c) over r×c.
  if (a.shape[1] === 1 && a.shape[0] !== 1 && b.shape[0] === a.shape[0] && b.shape[1] !== 1) return x.matmul(x.Diag(a), b);
  if (a.shape[0] === 1 && a.shape[1] !== 1 && b.shape[1] === a.shape[1] && b.shape[0] !== 1) return x.matmul(b, x.Diag(a));
  return null;
}

const mulRules: Rewrite[] = [
  (x, n) => {
    const [a, b] = n.args;
    if (isZero(a) || isZero(b)) return x.zeros(n.shape);
    if (isConst(a) && isConst(b)) return x.num((a.value as number) * (b.value as number));
    for (const [p, q] of [
      [a, b],
      [b, a],
    ]) {
      if ((isConst(p, 1) || p.op === 'ones') && sameShape(q.shape, n.shape)) return q;
      if (isConst(p, -1)) return x.neg(q);
      if (p.op === 'neg') return x.neg(x.mul(p.args[0], q));
    }
    return diagBroadcast(x, a, b) ?? diagBroadcast(x, b, a);
  },
];

const divRules: Rewrite[] = [
  (x, n) => {
    const [a, b] = n.args;
    if (isZero(a)) return x.zeros(n.shape);
    if (isConst(b, 1) && sameShape(a.shape, n.shape)) return a;
    if (isConst(a) && isConst(b) && b.value !== 0) return x.num((a.value as number) / (b.value as number));
    // e^u ⊘ (1 + e^u) = σ(u)
    if (a.op === 'exp' && b.op === 'add' && isConst(b.args[0], 1) && b.args[1] === a) return x.fn('sigmoid', a.args[0]);
    // 1 ⊘ (1 + e^(−u)) = σ(u)
    if (isConst(a, 1) && b.op === 'add' && isConst(b.args[0], 1) && b.args[1].op === 'exp' && b.args[1].args[0].op === 'neg') return x.fn('sigmoid', b.args[1].args[0].args[0]);
    return null;
  },
];

const negRules: Rewrite[] = [
  (x, n) => {
    const a = n.args[0];
    if (a.op === 'neg') return a.args[0];
    if (isConst(a)) return x.num(-(a.value as number));
    if (a.op === 'zeros') return a;
    return null;
  },
];

/** A·X ± B·X = (A ± B)·X and X·A ± X·B = X·(A ± B). */
function factorProducts(x: Exprs, n: Node): Node | null {
  const [a, b] = n.args;
  if (a.op !== 'matmul' || b.op !== 'matmul' || !sameShape(a.shape, b.shape)) return null;
  const op = n.op as 'add' | 'sub';
  const [la, lb] = [a.args[a.args.length - 1], b.args[b.args.length - 1]];
  if (la === lb) return x.matmul(x[op](x.matmul(...a.args.slice(0, -1)), x.matmul(...b.args.slice(0, -1))), la);
  if (a.args[0] === b.args[0]) return x.matmul(a.args[0], x[op](x.matmul(...a.args.slice(1)), x.matmul(...b.args.slice(1))));
  return null;
}

const addRules: Rewrite[] = [
  (x, n) => {
    const [a, b] = n.args;
    if (isZero(a) && sameShape(b.shape, n.shape)) return b;
    if (isZero(b) && sameShape(a.shape, n.shape)) return a;
    if (isConst(a) && isConst(b)) return x.num((a.value as number) + (b.value as number));
    if (a === b) return x.mul(x.num(2), a);
    // Bᵀ + B reads better as B + Bᵀ.
    if (a.op === 'transpose' && a.args[0] === b) return x.add(b, a);
    return factorProducts(x, n);
  },
];

const subRules: Rewrite[] = [
  (x, n) => {
    const [a, b] = n.args;
    if (a === b) return x.zeros(n.shape);
    if (isZero(b) && sameShape(a.shape, n.shape)) return a;
    if (isZero(a) && sameShape(b.shape, n.shape)) return x.neg(b);
    if (isConst(a) && isConst(b)) return x.num((a.value as number) - (b.value as number));
    return factorProducts(x, n);
  },
];

const powRules: Rewrite[] = [
  (x, n) => {
    const a = n.args[0];
    const p = n.value as number;
    if (p === 1) return a;
    if (p === 0) return x.ones(n.shape[0], n.shape[1]);
    if (isConst(a)) return x.num((a.value as number) ** p);
    if (a.op === 'pow' && Number.isInteger(p)) return x.pow(a.args[0], (a.value as number) * p);
    return null;
  },
];

const sumRules: Rewrite[] = [
  (x, n) => {
    const a = n.args[0];
    if (a.op === 'zeros') return x.zeros(n.shape);
    if (sameShape(a.shape, n.shape)) return a;
    // sum(A·1) = sum(A)
    if ((n.axis === null || n.axis === undefined) && a.op === 'sum') return x.sum(a.args[0]);
    return null;
  },
];

const traceRules: Rewrite[] = [
  (x, n) => {
    const a = n.args[0];
    if (a.op === 'eye') return x.dim(a.shape[0]);
    if (a.op === 'transpose') return x.trace(a.args[0]);
    if (isScalar(a)) return a;
    return null;
  },
];

const invRules: Rewrite[] = [
  (x, n) => {
    const a = n.args[0];
    if (a.op === 'eye') return a;
    if (a.op === 'inv') return a.args[0];
    // (Aᵀ)⁻¹ = (A⁻¹)ᵀ, written A⁻ᵀ
    if (a.op === 'transpose') return x.transpose(x.inv(a.args[0]));
    if (isScalar(a)) return x.div(x.num(1), a);
    return null;
  },
];

const detRules: Rewrite[] = [
  (x, n) => {
    const a = n.args[0];
    if (a.op === 'eye') return x.num(1);
    if (a.op === 'transpose') return x.det(a.args[0]);
    if (isScalar(a)) return a;
    return null;
  },
];

const DiagRules: Rewrite[] = [
  (x, n) => {
    const v = n.args[0];
    if (v.op === 'ones') return x.eye(v.shape[0]);
    if (v.op === 'zeros') return x.zeros(n.shape);
    return null;
  },
];

const diagRules: Rewrite[] = [
  (x, n) => {
    const m = n.args[0];
    if (m.op === 'Diag') return m.args[0];
    if (m.op === 'eye') return x.ones(m.shape[0], 1);
    return null;
  },
];

/** A block of all of A, or A placed in nothing larger, is A; a block of the zeros is zeros. */
const wholeBlock: Rewrite = (x, n) => {
  const a = n.args[0];
  if (sameShape(a.shape, n.shape)) return a;
  if (isZero(a)) return x.zeros(n.shape);
  // The block where A was placed is A.
  const inner = a.args[0];
  if (n.op === 'block' && a.op === 'embed' && a.offset?.[0] === n.offset?.[0] && a.offset?.[1] === n.offset?.[1] && sameShape(inner.shape, n.shape)) return inner;
  return null;
};

const REWRITES: RewriteTable = {
  transpose: transposeRules,
  matmul: matmulRules,
  mul: mulRules,
  div: divRules,
  neg: negRules,
  add: addRules,
  sub: subRules,
  pow: powRules,
  sum: sumRules,
  trace: traceRules,
  inv: invRules,
  det: detRules,
  Diag: DiagRules,
  diag: diagRules,
  log: [(_x, n) => (n.args[0].op === 'exp' ? n.args[0].args[0] : null)],
  exp: [(_x, n) => (n.args[0].op === 'log' ? n.args[0].args[0] : null)],
  block: [wholeBlock],
  embed: [wholeBlock],
};

/** How many terms a sum has at its top level: a − (b + c) has 3. */
function additiveTerms(n: Node): number {
  if (n.op === 'add' || n.op === 'sub') return additiveTerms(n.args[0]) + additiveTerms(n.args[1]);
  if (n.op === 'neg') return additiveTerms(n.args[0]);
  return 1;
}

/** Deeper than this and the simplifier stops rewriting (a guard against rule cycles). */
const MAX_DEPTH = 2000;

export class Simplifier {
  private readonly memo = new Map<Node, Node>();
  private readonly poly: PolyForm;
  private readonly size = new Map<Node, number>();

  /** `extra`: rewrites that hold under the stated assumptions. */
  constructor(
    private readonly x: Exprs,
    private readonly extra: RewriteTable = {},
  ) {
    this.poly = new PolyForm(x);
  }

  readonly simplify = (n: Node): Node => this.run(n, 0);

  private run(n: Node, depth: number): Node {
    const hit = this.memo.get(n);
    if (hit) return hit;
    if (n.args.length === 0) return n;
    const m = this.x.rebuild(
      n,
      n.args.map((a) => this.run(a, depth + 1)),
    );
    const known = this.memo.get(m);
    if (known) {
      this.memo.set(n, known);
      return known;
    }
    if (depth < MAX_DEPTH) {
      for (const rule of this.rulesFor(m.op)) {
        let r: Node | null = null;
        try {
          r = rule(this.x, m);
        } catch (err) {
          if (!(err instanceof ShapeError)) throw err;
        }
        if (r && r !== m && sameShape(r.shape, m.shape)) {
          const out = this.run(r, depth + 1);
          this.memo.set(n, out);
          this.memo.set(m, out);
          return out;
        }
      }
    }
    this.memo.set(n, m);
    this.memo.set(m, m);
    return m;
  }

  private *rulesFor(op: Op): Iterable<Rewrite> {
    yield* this.extra[op] ?? [];
    yield* REWRITES[op] ?? [];
    if (ELEMENTWISE_ARITH.has(op)) yield this.normalForm;
  }

  /**
   * The elementwise normal form, when it is strictly smaller and either something
   * cancelled or it has no more terms than before: multiplying out H ⊙ (1 − H) into
   * H − H⊙H would lose the factor a later division by (1 − H) needs.
   */
  private readonly normalForm: Rewrite = (_x, n) => {
    const r = this.poly.normalize(n);
    if (!r || treeSize(r.node, this.size) >= treeSize(n, this.size)) return null;
    return r.progress || r.terms <= additiveTerms(n) ? r.node : null;
  };
}
