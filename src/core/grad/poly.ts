import { type Exprs, type Node, sameShape } from './expr';

/**
 * The normal form of elementwise arithmetic (+, −, ⊙, ⊘, integer powers): a sum of
 * monomials c · Π atomᵉ, where an atom is anything that is not elementwise arithmetic
 * (a variable, a product A·B, softmax(Z), …). It is what lets the simplifier cancel
 * (Y ⊘ S) ⊙ S = Y, collect T + T = 2·T and find σ − y in the logistic loss's gradient.
 * Sums inside products stay atoms until the end, so a factor can cancel a denominator
 * before anything is multiplied out.
 */
interface Mono {
  coef: number;
  /** atom → exponent (never 0). */
  factors: Map<Node, number>;
}

type Poly = Mono[];

/** More terms than this and the normal form is not worth it. */
const MAX_TERMS = 48;

class TooBig extends Error {}

/**
 * Set when forming the normal form did real work: exponents cancelled ((Y ⊘ S) ⊙ S), like
 * terms met (T + T), numbers folded. Without it, multiplying out only rearranges.
 */
let progress = false;

function monoKey(m: Mono): string {
  return [...m.factors.entries()]
    .map(([n, e]) => `${n.id}^${e}`)
    .sort()
    .join('*');
}

function collect(monos: Mono[]): Poly {
  const byKey = new Map<string, Mono>();
  for (const m of monos) {
    if (m.coef === 0) continue;
    const k = monoKey(m);
    const prev = byKey.get(k);
    if (prev) {
      prev.coef += m.coef;
      progress = true;
    }
    else byKey.set(k, { coef: m.coef, factors: new Map(m.factors) });
  }
  const out = [...byKey.values()].filter((m) => Math.abs(m.coef) > 1e-300);
  if (out.length > MAX_TERMS) throw new TooBig();
  return out;
}

function mulMono(a: Mono, b: Mono): Mono {
  const factors = new Map(a.factors);
  for (const [n, e] of b.factors) {
    const sum = (factors.get(n) ?? 0) + e;
    if (Math.abs(sum) < 1e-12) {
      factors.delete(n);
      progress = true;
    } else factors.set(n, sum);
  }
  if (Math.abs(a.coef) !== 1 && Math.abs(b.coef) !== 1) progress = true;
  return { coef: a.coef * b.coef, factors };
}

const atom = (n: Node, e = 1): Poly => [{ coef: 1, factors: new Map([[n, e]]) }];
const constant = (c: number): Poly => (c === 0 ? [] : [{ coef: c, factors: new Map() }]);

export class PolyForm {
  /** Canonical node of a sum kept as an atom → its expanded polynomial. */
  private readonly sums = new Map<Node, Poly>();

  constructor(private readonly x: Exprs) {}

  /**
   * The normal form of `n` rebuilt as an expression, with the number of its terms and
   * whether anything cancelled or combined; null when it cannot be formed.
   */
  normalize(n: Node): { node: Node; terms: number; progress: boolean } | null {
    progress = false;
    try {
      const p = this.expand(this.of(n));
      const out = this.build(p, n, false);
      return out && sameShape(out.shape, n.shape) ? { node: out, terms: p.length, progress } : null;
    } catch (err) {
      if (err instanceof TooBig) return null;
      throw err;
    }
  }

  private of(n: Node): Poly {
    const [a, b] = n.args;
    switch (n.op) {
      case 'const':
        return constant(n.value as number);
      case 'ones':
        return constant(1);
      case 'zeros':
        return [];
      case 'add':
        return collect([...this.of(a), ...this.of(b)]);
      case 'sub':
        return collect([...this.of(a), ...this.negate(this.of(b))]);
      case 'neg':
        return this.negate(this.of(a));
      case 'mul':
        return collect([mulMono(this.asMono(this.of(a)), this.asMono(this.of(b)))]);
      case 'div': {
        const q = this.of(b);
        if (q.length === 0) return atom(n);
        return collect([mulMono(this.asMono(this.of(a)), this.invert(q))]);
      }
      case 'pow':
        return this.power(n, n.value as number);
      default:
        return atom(n);
    }
  }

  private negate(p: Poly): Poly {
    return p.map((m) => ({ coef: -m.coef, factors: m.factors }));
  }

  /** A single monomial; a sum becomes an atom (expanded later, unless it cancels first). */
  private asMono(p: Poly): Mono {
    if (p.length === 0) return { coef: 0, factors: new Map() };
    if (p.length === 1) return p[0];
    return { coef: 1, factors: new Map([[this.sumAtom(p), 1]]) };
  }

  private invert(q: Poly): Mono {
    if (q.length === 1) {
      const m = q[0];
      const factors = new Map<Node, number>();
      for (const [n, e] of m.factors) factors.set(n, -e);
      return { coef: 1 / m.coef, factors };
    }
    return { coef: 1, factors: new Map([[this.sumAtom(q), -1]]) };
  }

  private power(n: Node, p: number): Poly {
    const base = this.of(n.args[0]);
    if (base.length === 0) return p > 0 ? [] : atom(n);
    if (base.length === 1) {
      const m = base[0];
      const single = m.factors.size <= 1 && m.coef === 1;
      if (Number.isInteger(p) || (single && m.coef > 0)) {
        const factors = new Map<Node, number>();
        for (const [f, e] of m.factors) factors.set(f, e * p);
        return [{ coef: m.coef ** p, factors }];
      }
      return atom(n);
    }
    if (Number.isInteger(p) && p !== 0 && Math.abs(p) <= 4) return [{ coef: 1, factors: new Map([[this.sumAtom(base), p]]) }];
    return atom(n);
  }

  /** The canonical node of a sum, so equal sums become the same atom. */
  private sumAtom(p: Poly): Node {
    const expanded = this.expand(p);
    const node = this.build(expanded, null, true);
    if (!node) throw new TooBig();
    if (expanded.length > 1) this.sums.set(node, expanded);
    return node;
  }

  /**
   * Multiplies out the sums that remain with positive integer powers. Sums with
   * denominators go first, and a sum meets a term holding its reciprocal as an atom, so
   * (a ⊘ D) ⊙ D cancels instead of being multiplied out.
   */
  private expand(p: Poly): Poly {
    const hasDenominator = (f: Node) => (this.sums.get(f) ?? []).some((m) => [...m.factors.values()].some((e) => e < 0));
    const rank = (f: Node) => (!this.sums.has(f) ? 1 : hasDenominator(f) ? 0 : 2);
    const out: Mono[] = [];
    for (const m of p) {
      let terms: Mono[] = [{ coef: m.coef, factors: new Map() }];
      const factors = [...m.factors.entries()].sort(([a], [b]) => rank(a) - rank(b));
      for (const [f, e] of factors) terms = collect(terms.flatMap((t) => this.multiply(t, f, e)));
      // Sums left with a positive power (after a partial cancellation) are multiplied out now.
      out.push(...terms.flatMap((t) => this.multiplyOut(t)));
    }
    return collect(out);
  }

  /** t · fᵉ: as an atom when f is not a sum or t holds f's reciprocal, else multiplied out. */
  private multiply(t: Mono, f: Node, e: number): Mono[] {
    const inner = this.sums.get(f);
    if (!inner || !(e > 0 && Number.isInteger(e)) || (t.factors.get(f) ?? 0) < 0) return [mulMono(t, { coef: 1, factors: new Map([[f, e]]) })];
    let terms = [t];
    for (let k = 0; k < e; k++) terms = collect(terms.flatMap((u) => inner.map((s) => mulMono(u, s))));
    return terms;
  }

  private multiplyOut(t: Mono): Mono[] {
    for (const [f, e] of t.factors) {
      if (this.sums.has(f) && e > 0 && Number.isInteger(e)) {
        const rest = new Map(t.factors);
        rest.delete(f);
        return this.multiply({ coef: t.coef, factors: rest }, f, e).flatMap((u) => this.multiplyOut(u));
      }
    }
    return [t];
  }

  // ---- back to an expression ------------------------------------------------------------

  private build(p: Poly, like: Node | null, canonical: boolean): Node | null {
    const x = this.x;
    if (p.length === 0) return like ? x.zeros(like.shape) : null;
    let terms = p.map((m) => ({ m, node: this.buildMono(m) }));
    if (canonical) terms.sort((a, b) => a.m.factors.size - b.m.factors.size || (monoKey(a.m) < monoKey(b.m) ? -1 : 1));
    else terms = [...terms.filter((t) => t.m.coef > 0), ...terms.filter((t) => t.m.coef < 0)];
    // A common numeric factor comes out front: 2·(X·W − Y) rather than 2·X·W − 2·Y.
    const c0 = Math.abs(terms[0].m.coef);
    const common = terms.length > 1 && c0 !== 1 && terms.every((t) => Math.abs(t.m.coef) === c0) ? c0 : 1;
    let sum: Node | null = null;
    for (const t of terms) {
      const mag = Math.abs(t.m.coef) / common;
      const body = t.node(mag);
      if (!sum) sum = t.m.coef < 0 ? x.neg(body) : body;
      else sum = t.m.coef < 0 ? x.sub(sum, body) : x.add(sum, body);
    }
    return common !== 1 ? x.mul(x.num(common), sum as Node) : sum;
  }

  /** c · Π numerator ⊘ Π denominator, scalars first, then in order of creation. */
  private buildMono(m: Mono): (mag: number) => Node {
    const x = this.x;
    const order = [...m.factors.entries()].sort(([a], [b]) => Number(b.shape[0] === 1 && b.shape[1] === 1) - Number(a.shape[0] === 1 && a.shape[1] === 1) || a.id - b.id);
    const power = (n: Node, e: number) => (e === 1 ? n : x.pow(n, e));
    const num = order.filter(([, e]) => e > 0).map(([n, e]) => power(n, e));
    const den = order.filter(([, e]) => e < 0).map(([n, e]) => power(n, -e));
    return (mag: number) => {
      let top: Node | null = num.length ? num.reduce((a, b) => x.mul(a, b)) : null;
      if (mag !== 1 || !top) top = top ? x.mul(x.num(mag), top) : x.num(mag);
      return den.length ? x.div(top, den.reduce((a, b) => x.mul(a, b))) : top;
    };
  }
}
