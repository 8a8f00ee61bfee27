import { unaryOpNamed, unaryTable } from '../../ops/index';
import { addDims, type Dim, subDims } from '../../shapes/dim';
import { isScalar, isUnaryFn, type Node, sameShape } from '../expr';

/**
 * The precedence engine behind the text and LaTeX printers: it decides structure and
 * parentheses; a Notation decides the symbols. Binding, loosest first:
 * sums < unary minus < products (·, ⊙, ⊘, scalar·) < postfix (ᵀ, ⁻¹) < atoms.
 */
export interface Notation {
  name(n: string): string;
  number(v: number): string;
  dim(d: Dim): string;
  identity: string;
  zero: string;
  /** The ones vector/matrix by shape: 1, 1ᵀ, 1·1ᵀ. */
  ones(column: boolean, row: boolean): string;
  plus: string;
  minus: string;
  negate: string;
  matmul: string;
  scale: string;
  hadamard: string;
  hdivide: string;
  kron: string;
  frobenius: string;
  /** x/y for scalars. */
  fraction(num: string, den: string): string;
  transpose(s: string): string;
  inverse(s: string): string;
  inverseTranspose(s: string): string;
  power(s: string, p: number, elementwise: boolean): string;
  /** f(x); with a power, f²(x); with a parameter set (`alpha=0.2`), f_{alpha=0.2}(x). */
  call(fn: string, arg: string, power?: number, param?: string): string;
  norm(s: string): string;
  abs(s: string): string;
  step(s: string): string;
  /** A block, A[1:3, :], given its index ranges. */
  block(s: string, index: string): string;
  /** A padded with zeros, given its (before, after) widths. */
  pad(s: string, widths: string): string;
  /** A block matrix of pieces stacked down the rows ([A; B]) or side by side ([A, B]). */
  blocks(parts: string[], stacked: boolean): string;
  /** dX for a name, d log(S) for a call, d(A·B) otherwise. */
  differential(s: string, kind: 'name' | 'call' | 'other'): string;
  parens(s: string): string;
}

export interface PrintOptions {
  /** Intermediates printed by name (S for softmax(Z)). */
  names?: ReadonlyMap<Node, string>;
  /** Print sum(A ⊙ B) as the Frobenius product A : B (the steps do). */
  frobenius?: boolean;
}

const enum Prec {
  Sum = 1,
  Neg = 2,
  Product = 3,
  Postfix = 5,
  Atom = 6,
}

interface Out {
  s: string;
  prec: Prec;
  /** For products: which kind, so that different kinds nest with parentheses. */
  kind?: 'matmul' | 'hadamard' | 'hdivide' | 'scale' | 'kron' | 'fraction' | 'frobenius';
  /** A negated product or atom, which may lead a product without parentheses. */
  neg?: boolean;
}

const FN_NAMES: Record<string, string> = {
  ...unaryTable((op) => op.print.text),
  trace: 'tr',
  det: 'det',
  Diag: 'Diag',
  diag: 'diag',
  softmax: 'softmax',
  standardize: 'standardize',
  sum: 'sum',
};

/** A function's parameter when it is not the default one, as `name=value`. */
function paramText(n: Node): string | undefined {
  const param = unaryOpNamed(n.op)?.param;
  if (!param || n.value === undefined || n.value === param.default) return undefined;
  return `${param.name}=${n.value}`;
}

export function format(root: Node, notation: Notation, options: PrintOptions = {}): string {
  return new Formatter(notation, options).go(root).s;
}

/** One printing: a memo per call, methods shared (no closures per call on the hot path). */
class Formatter {
  private readonly memo = new Map<Node, Out>();

  constructor(
    private readonly notation: Notation,
    private readonly options: PrintOptions,
  ) {}

  private wrap(o: Out, min: Prec): string {
    return o.prec < min ? this.notation.parens(o.s) : o.s;
  }

  /**
   * A factor of a product: another kind of product nested inside gets parentheses, except
   * a matrix product scaled by a scalar (2·Xᵀ·R). A leading minus needs none (−Y ⊘ S).
   */
  private factor(o: Out, kind: Out['kind'], first = false): string {
    if (o.prec === Prec.Neg && first && o.neg) return o.s;
    if (o.prec < Prec.Product) return this.notation.parens(o.s);
    if (o.prec === Prec.Product && o.kind !== kind && !(kind === 'scale' && o.kind === 'matmul')) return this.notation.parens(o.s);
    return o.s;
  }

  /**
   * A sum of pieces placed in zeros that fill the matrix along one axis, each spanning the
   * other (the gradient of a split), printed as the block matrix it is: [A; B] or [A, B].
   */
  private tiling(n: Node): Out | null {
    const terms: Node[] = [];
    const collect = (t: Node): void => {
      if (t.op === 'add' && !this.options.names?.has(t)) t.args.forEach(collect);
      else terms.push(t);
    };
    collect(n);
    if (!terms.every((t) => t.op === 'embed' && sameShape(t.shape, n.shape) && !this.options.names?.has(t))) return null;
    for (const k of [0, 1] as const) {
      const across = 1 - k;
      if (!terms.every((t) => t.offset?.[across] === 0 && t.args[0].shape[across] === n.shape[across])) continue;
      // The pieces in order, each starting where the one before it ends.
      const order: Node[] = [];
      let end: Dim = 0;
      for (let next = terms.find((t) => t.offset?.[k] === end); next && !order.includes(next); next = terms.find((t) => t.offset?.[k] === end)) {
        order.push(next);
        end = addDims(end, next.args[0].shape[k]);
      }
      if (order.length === terms.length && end === n.shape[k]) return { s: this.notation.blocks(order.map((t) => this.go(t.args[0]).s), k === 0), prec: Prec.Atom };
    }
    return null;
  }

  go(n: Node): Out {
    const named = this.options.names?.get(n);
    if (named) return { s: named, prec: Prec.Atom };
    const hit = this.memo.get(n);
    if (hit) return hit;
    const out = this.render(n);
    this.memo.set(n, out);
    return out;
  }

  private render(n: Node): Out {
    const [a, b] = n.args;
    switch (n.op) {
      case 'var':
        return { s: this.notation.name(n.name as string), prec: Prec.Atom };
      case 'const': {
        const v = n.value as number;
        return { s: this.notation.number(v), prec: v < 0 ? Prec.Neg : Prec.Atom, neg: v < 0 };
      }
      case 'dim':
        return { s: this.notation.dim(n.dim as Dim), prec: Prec.Atom };
      case 'eye':
        return { s: this.notation.identity, prec: Prec.Atom };
      case 'zeros':
        return { s: this.notation.zero, prec: Prec.Atom };
      case 'ones': {
        const column = n.shape[1] === 1;
        const row = n.shape[0] === 1;
        return { s: this.notation.ones(column, row), prec: row && !column ? Prec.Postfix : column || row ? Prec.Atom : Prec.Product, kind: 'matmul' };
      }
      case 'matmul':
        return { s: n.args.map((f, i) => this.factor(this.go(f), 'matmul', i === 0)).join(this.notation.matmul), prec: Prec.Product, kind: 'matmul' };
      case 'kron':
        return { s: `${this.factor(this.go(a), 'kron')}${this.notation.kron}${this.factor(this.go(b), 'kron')}`, prec: Prec.Product, kind: 'kron' };
      case 'transpose':
        if (a.op === 'inv' && !this.options.names?.has(a)) return { s: this.notation.inverseTranspose(this.wrap(this.go(a.args[0]), Prec.Atom)), prec: Prec.Postfix };
        return { s: this.notation.transpose(this.wrap(this.go(a), Prec.Atom)), prec: Prec.Postfix };
      case 'inv':
        return { s: this.notation.inverse(this.wrap(this.go(a), Prec.Atom)), prec: Prec.Postfix };
      case 'add': {
        const tiled = this.tiling(n);
        if (tiled) return tiled;
        // a + (−b) reads a − b, and so does a + (−y ⊘ H).
        if (b.op === 'neg' && !this.options.names?.has(b)) return { s: `${this.wrap(this.go(a), Prec.Sum)}${this.notation.minus}${this.wrap(this.go(b.args[0]), Prec.Neg + 1)}`, prec: Prec.Sum };
        const right = this.go(b);
        if (right.prec === Prec.Product && right.s.startsWith(this.notation.negate)) return { s: `${this.wrap(this.go(a), Prec.Sum)}${this.notation.minus}${right.s.slice(this.notation.negate.length)}`, prec: Prec.Sum };
        return { s: `${this.wrap(this.go(a), Prec.Sum)}${this.notation.plus}${this.wrap(right, Prec.Neg)}`, prec: Prec.Sum };
      }
      case 'sub':
        return { s: `${this.wrap(this.go(a), Prec.Sum)}${this.notation.minus}${this.wrap(this.go(b), Prec.Neg + 1)}`, prec: Prec.Sum };
      case 'neg':
        return { s: `${this.notation.negate}${this.wrap(this.go(a), Prec.Product)}`, prec: Prec.Neg, neg: true };
      case 'mul': {
        if (isScalar(a) !== isScalar(b) || (isScalar(a) && isScalar(b))) {
          // Scalar multiplication: the scalar first.
          const [s, m] = isScalar(a) || !isScalar(b) ? [a, b] : [b, a];
          // 0.125·X reads X / 8.
          const k = s.op === 'const' ? 1 / (s.value as number) : NaN;
          if (Number.isInteger(k) && Math.abs(k) >= 2 && !isScalar(m)) {
            const body = this.notation.fraction(this.go(m).s, String(Math.abs(k)));
            return { s: k < 0 ? `${this.notation.negate}${body}` : body, prec: k < 0 ? Prec.Neg : Prec.Product, kind: 'fraction' };
          }
          return { s: `${this.factor(this.go(s), 'scale', true)}${this.notation.scale}${this.factor(this.go(m), 'scale')}`, prec: Prec.Product, kind: 'scale' };
        }
        return { s: `${this.factor(this.go(a), 'hadamard', true)}${this.notation.hadamard}${this.factor(this.go(b), 'hadamard')}`, prec: Prec.Product, kind: 'hadamard' };
      }
      case 'div': {
        if (isScalar(b)) return { s: this.notation.fraction(this.go(a).s, this.go(b).s), prec: Prec.Product, kind: 'fraction' };
        return { s: `${this.factor(this.go(a), 'hdivide', true)}${this.notation.hdivide}${this.wrap(this.go(b), Prec.Postfix)}`, prec: Prec.Product, kind: 'hdivide' };
      }
      case 'pow': {
        const p = n.value as number;
        if (isUnaryFn(a) && a.op !== 'step' && a.op !== 'abs' && !this.options.names?.has(a) && Number.isInteger(p) && p > 0) {
          return { s: this.notation.call(FN_NAMES[a.op], this.go(a.args[0]).s, p), prec: Prec.Atom };
        }
        // The Hadamard square of a name: H ⊙ H.
        if (p === 2 && !isScalar(a) && this.go(a).prec === Prec.Atom && (a.op === 'var' || this.options.names?.has(a))) {
          return { s: `${this.go(a).s}${this.notation.hadamard}${this.go(a).s}`, prec: Prec.Product, kind: 'hadamard' };
        }
        return { s: this.notation.power(this.wrap(this.go(a), Prec.Atom), p, !isScalar(a)), prec: Prec.Postfix };
      }
      case 'sum':
        if (n.axis === 1) return { s: `${this.factor(this.go(a), 'matmul')}${this.notation.matmul}${this.notation.ones(true, false)}`, prec: Prec.Product, kind: 'matmul' };
        if (n.axis === 0) return { s: `${this.notation.ones(false, true)}${this.notation.matmul}${this.factor(this.go(a), 'matmul')}`, prec: Prec.Product, kind: 'matmul' };
        // sum(A^⊙2) is the squared Frobenius norm.
        if (a.op === 'pow' && a.value === 2 && !isScalar(a.args[0])) return { s: this.notation.power(this.notation.norm(this.go(a.args[0]).s), 2, false), prec: Prec.Postfix };
        if (this.options.frobenius && a.op === 'mul' && !isScalar(a.args[0]) && !isScalar(a.args[1])) {
          return { s: `${this.factor(this.go(a.args[0]), 'frobenius')}${this.notation.frobenius}${this.factor(this.go(a.args[1]), 'frobenius')}`, prec: Prec.Product, kind: 'frobenius' };
        }
        return { s: this.notation.call('sum', this.go(a).s), prec: Prec.Atom };
      case 'sqrt':
        // sqrt(sum(A^⊙2)) is the Frobenius norm.
        if (a.op === 'sum' && (a.axis === null || a.axis === undefined) && a.args[0].op === 'pow' && a.args[0].value === 2 && !this.options.names?.has(a)) {
          return { s: this.notation.norm(this.go(a.args[0].args[0]).s), prec: Prec.Atom };
        }
        return { s: this.notation.call('sqrt', this.go(a).s), prec: Prec.Atom };
      case 'prod':
        return { s: this.notation.call('prod', this.go(a).s, undefined, n.axis === null || n.axis === undefined ? undefined : `axis=${n.axis}`), prec: Prec.Atom };
      case 'norm':
        return { s: this.notation.norm(this.go(a).s), prec: Prec.Atom };
      case 'abs':
        return { s: this.notation.abs(this.go(a).s), prec: Prec.Atom };
      case 'step':
        return { s: this.notation.step(this.go(a).s), prec: Prec.Atom };
      case 'block': {
        // A range per axis (`:` for a whole one); a column vector has only its rows.
        const [r0, c0] = n.offset as [Dim, Dim];
        const range = (k: 0 | 1, start: Dim) => (start === 0 && n.shape[k] === a.shape[k] ? ':' : `${this.notation.dim(start)}:${this.notation.dim(addDims(start, n.shape[k]))}`);
        const index = a.shape[1] === 1 ? range(0, r0) : `${range(0, r0)}, ${range(1, c0)}`;
        return { s: this.notation.block(this.wrap(this.go(a), Prec.Atom), index), prec: Prec.Atom };
      }
      case 'embed': {
        const [r0, c0] = n.offset as [Dim, Dim];
        const widths = (k: 0 | 1, start: Dim) => `(${this.notation.dim(start)}, ${this.notation.dim(subDims(subDims(n.shape[k], start), a.shape[k]))})`;
        return { s: this.notation.pad(this.go(a).s, n.shape[1] === 1 ? widths(0, r0) : `${widths(0, r0)}, ${widths(1, c0)}`), prec: Prec.Atom };
      }
      case 'd': {
        const inner = this.go(a);
        const kind = this.options.names?.has(a) || a.op === 'var' ? 'name' : inner.prec === Prec.Atom && a.args.length > 0 && a.op !== 'norm' && a.op !== 'abs' && a.op !== 'step' ? 'call' : 'other';
        return { s: this.notation.differential(inner.s, kind), prec: kind === 'call' ? Prec.Postfix : Prec.Atom };
      }
      default: {
        const fn = FN_NAMES[n.op] ?? n.op;
        return { s: this.notation.call(fn, this.go(a).s, undefined, paramText(n)), prec: Prec.Atom };
      }
    }
  }
}
