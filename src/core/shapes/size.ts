/**
 * Exact arithmetic on symbolic sizes. A size is a polynomial with integer coefficients in
 * atoms; an atom is a symbol (`C`) or a floor division that cannot be simplified further
 * (`C//4`, `(H-1)//2`). Every size has one normal form, printed as a string in Python's
 * notation (`2*C`, `C//4`, `N-1`, `(H+2*p-k)//s+1`), so that two sizes are equal exactly
 * when their strings are: `C + C` and `2*C` both print `2*C`.
 */

export interface Term {
  coef: number;
  /** Atom keys, sorted; a repeated key is a power. */
  atoms: readonly string[];
}

/** Terms in printing order (higher degree first, the constant last); never a zero coefficient. */
export type Poly = readonly Term[];

interface FloorAtom {
  num: Poly;
  den: Poly;
}

/** The floor atoms met so far, by key (their printed form); keys are normal forms, so the table only grows with distinct sizes. */
const floors = new Map<string, FloorAtom>();
/** Sizes read from text, by text; emptied when it holds PARSED_LIMIT (the editor keeps analysing for hours). */
const parsed = new Map<string, Poly>();
const PARSED_LIMIT = 50_000;

export const ZERO: Poly = [];

export function constant(n: number): Poly {
  return n === 0 ? ZERO : [{ coef: n, atoms: [] }];
}

export function symbol(name: string): Poly {
  return [{ coef: 1, atoms: [name] }];
}

export function isConstant(p: Poly): boolean {
  return p.length === 0 || (p.length === 1 && p[0].atoms.length === 0);
}

export function constantValue(p: Poly): number {
  return p.length === 0 ? 0 : p[0].coef;
}

/** True for a symbol atom, false for a floor atom. */
export function isSymbolAtom(key: string): boolean {
  return !floors.has(key);
}

// ---- normal form -------------------------------------------------------------------

function termKey(atoms: readonly string[]): string {
  return atoms.join('*');
}

function compareTerms(a: Term, b: Term): number {
  if (a.atoms.length !== b.atoms.length) return b.atoms.length - a.atoms.length;
  const x = termKey(a.atoms);
  const y = termKey(b.atoms);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Collects like terms, drops zeros and sorts: the one normal form. */
function normalize(terms: Term[]): Poly {
  if (terms.length <= 1) return terms.length === 1 && terms[0].coef === 0 ? ZERO : terms;
  const byKey = new Map<string, Term>();
  for (const t of terms) {
    const key = termKey(t.atoms);
    const seen = byKey.get(key);
    byKey.set(key, seen ? { coef: seen.coef + t.coef, atoms: t.atoms } : t);
  }
  const out: Term[] = [];
  for (const t of byKey.values()) if (t.coef !== 0) out.push(t);
  return out.sort(compareTerms);
}

export function add(p: Poly, q: Poly): Poly {
  if (p.length === 0) return q;
  if (q.length === 0) return p;
  return normalize([...p, ...q]);
}

export function scale(p: Poly, k: number): Poly {
  if (k === 0) return ZERO;
  return k === 1 ? p : p.map((t) => ({ coef: t.coef * k, atoms: t.atoms }));
}

export function sub(p: Poly, q: Poly): Poly {
  return add(p, scale(q, -1));
}

export function mul(p: Poly, q: Poly): Poly {
  if (p.length === 0 || q.length === 0) return ZERO;
  const out: Term[] = [];
  for (const a of p) {
    for (const b of q) {
      const atoms = a.atoms.length === 0 ? b.atoms : b.atoms.length === 0 ? a.atoms : [...a.atoms, ...b.atoms].sort();
      out.push({ coef: a.coef * b.coef, atoms });
    }
  }
  return normalize(out);
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

function content(p: Poly): number {
  return p.reduce((g, t) => gcd(g, t.coef), 0);
}

/** `p / m` when the monomial m (atoms only) divides every term of p, else null. */
function divideAtoms(p: Poly, atoms: readonly string[]): Poly | null {
  if (atoms.length === 0) return p;
  const out: Term[] = [];
  for (const t of p) {
    const rest = [...t.atoms];
    for (const a of atoms) {
      const i = rest.indexOf(a);
      if (i < 0) return null;
      rest.splice(i, 1);
    }
    out.push({ coef: t.coef, atoms: rest });
  }
  return normalize(out);
}

/** Exact division: the quotient when q divides p as polynomials with integer coefficients, else null. */
export function divide(p: Poly, q: Poly): Poly | null {
  if (q.length === 0) return null;
  if (p.length === 0) return ZERO;
  if (q.length === 1) {
    const { coef, atoms } = q[0];
    if (p.some((t) => t.coef % coef !== 0)) return null;
    const r = divideAtoms(p, atoms);
    return r && r.map((t) => ({ coef: t.coef / coef, atoms: t.atoms }));
  }
  // A multiple of a sum: p = k·q for a whole k.
  if (p.length === q.length && p[0].coef % q[0].coef === 0) {
    const k = p[0].coef / q[0].coef;
    const times = scale(q, k);
    if (equal(times, p)) return constant(k);
  }
  return null;
}

/**
 * Python's `p // q`. Exact multiples leave the floor (`(4*C)//4` is C, `(T*C)//C` is T),
 * terms that are whole multiples of a constant divisor move out of it (`(2*N+H)//2` is
 * `N+H//2`, `(H-3)//2` is `(H+1)//2-2`), and what remains stays a floor atom, reduced by
 * common factors.
 * Null for a division by zero.
 */
export function floorDiv(p: Poly, q: Poly): Poly | null {
  if (q.length === 0) return null;
  if (p.length === 0) return ZERO;
  if (isConstant(q)) {
    let c = constantValue(q);
    if (c < 0) {
      p = scale(p, -1);
      c = -c;
    }
    if (c === 1) return p;
    if (isConstant(p)) return constant(Math.floor(constantValue(p) / c));
    const whole: Term[] = [];
    const rest: Term[] = [];
    for (const t of p) {
      if (t.atoms.length === 0) {
        // The constant inside is kept in [0, c): (a − 1)//2 is (a + 1)//2 − 1, one form for both.
        const r = ((t.coef % c) + c) % c;
        if (t.coef !== r) whole.push({ coef: (t.coef - r) / c, atoms: t.atoms });
        if (r !== 0) rest.push({ coef: r, atoms: t.atoms });
      } else if (t.coef % c === 0) whole.push({ coef: t.coef / c, atoms: t.atoms });
      else rest.push(t);
    }
    const outside = normalize(whole);
    if (rest.length === 0) return outside;
    const remainder = normalize(rest);
    if (isConstant(remainder)) return add(outside, constant(Math.floor(constantValue(remainder) / c)));
    // ⌊(⌊a/b⌋ + r)/c⌋ = ⌊(a + r·b)/(b·c)⌋ for whole r and positive whole b, c: two poolings are one.
    const [first, ...more] = remainder;
    const inner = first.coef === 1 && first.atoms.length === 1 && more.every((t) => t.atoms.length === 0) ? floors.get(first.atoms[0]) : undefined;
    if (inner && isConstant(inner.den) && constantValue(inner.den) > 0) {
      const b = constantValue(inner.den);
      return add(outside, floorDiv(add(inner.num, scale(normalize(more), b)), constant(b * c)) as Poly);
    }
    return add(outside, floorOf(remainder, constant(c)));
  }
  const exact = divide(p, q);
  if (exact) return exact;
  // A common monomial factor of the divisor and every term cancels: (N*T)//(N*h) is T//h.
  if (q.length === 1) {
    const shared = q[0].atoms.filter((a, i, all) => all.indexOf(a) === i && p.every((t) => t.atoms.includes(a)));
    if (shared.length > 0) return floorDiv(divideAtoms(p, shared) as Poly, divideAtoms(q, shared) as Poly);
  }
  return floorOf(p, q);
}

/** The floor atom p // q as a one-term polynomial, with the constant factor both share taken out. */
function floorOf(p: Poly, q: Poly): Poly {
  const g = gcd(content(p), content(q));
  const num = g > 1 ? p.map((t) => ({ coef: t.coef / g, atoms: t.atoms })) : p;
  const den = g > 1 ? q.map((t) => ({ coef: t.coef / g, atoms: t.atoms })) : q;
  if (isConstant(den) && constantValue(den) === 1) return num;
  const key = `${wrapSum(num, true)}//${wrapSum(den, false)}`;
  if (!floors.has(key)) floors.set(key, { num, den });
  return [{ coef: 1, atoms: [key] }];
}

/** Ceiling division by a positive constant: (p + c − 1) // c. */
export function ceilDiv(p: Poly, c: number): Poly | null {
  return floorDiv(add(p, constant(c - 1)), constant(c));
}

export function equal(p: Poly, q: Poly): boolean {
  if (p.length !== q.length) return false;
  for (let i = 0; i < p.length; i++) {
    if (p[i].coef !== q[i].coef || termKey(p[i].atoms) !== termKey(q[i].atoms)) return false;
  }
  return true;
}

// ---- substitution -------------------------------------------------------------------

/** Replaces symbols by sizes (values or other polynomials); floor atoms are simplified again. */
export function substitute(p: Poly, value: (symbol: string) => Poly | undefined): Poly {
  let changed = false;
  const out: Poly[] = [];
  for (const t of p) {
    let term: Poly = constant(t.coef);
    let touched = false;
    for (const a of t.atoms) {
      const f = floors.get(a);
      let replaced: Poly | undefined;
      if (f) {
        const num = substitute(f.num, value);
        const den = substitute(f.den, value);
        if (num !== f.num || den !== f.den) replaced = floorDiv(num, den) ?? undefined;
      } else replaced = value(a);
      if (replaced) touched = true;
      term = mul(term, replaced ?? [{ coef: 1, atoms: [a] }]);
    }
    if (touched) changed = true;
    out.push(touched ? term : [t]);
  }
  return changed ? out.reduce(add, ZERO) : p;
}

/** The symbols a size mentions, inside floors too, in first-seen order. */
export function symbolsOf(p: Poly, into: string[] = []): string[] {
  for (const t of p) {
    for (const a of t.atoms) {
      const f = floors.get(a);
      if (f) {
        symbolsOf(f.num, into);
        symbolsOf(f.den, into);
      } else if (!into.includes(a)) into.push(a);
    }
  }
  return into;
}

// ---- comparison ---------------------------------------------------------------------

export type Comparison =
  | { kind: 'equal' }
  /** Different for every value of the symbols (sizes are at least 1). */
  | { kind: 'differ' }
  /** Equal exactly when `symbol` has this value. */
  | { kind: 'solved'; symbol: string; value: number }
  /** Equal only under a condition, worded for a message (`C = 4·k`). */
  | { kind: 'conditional'; condition: string }
  | { kind: 'unknown' };

/** A term is at least 1 when its atoms are symbols only (sizes are ≥ 1) and at least 0 when it has floors. */
function termIsPositive(t: Term): boolean {
  return t.atoms.every(isSymbolAtom);
}

export function compare(p: Poly, q: Poly): Comparison {
  const d = sub(p, q);
  if (d.length === 0) return { kind: 'equal' };
  const sign = Math.sign(d[0].coef);
  if (d.every((t) => Math.sign(t.coef) === sign) && d.some(termIsPositive)) return { kind: 'differ' };
  // a·S + b = 0 has one solution, a size only when it is a whole number ≥ 1.
  const linear = d.find((t) => t.atoms.length > 0);
  if (linear && linear.atoms.length === 1 && isSymbolAtom(linear.atoms[0]) && d.every((t) => t === linear || t.atoms.length === 0)) {
    const b = d.length === 2 ? constantValue([d[1]]) : 0;
    const value = -b / linear.coef;
    return Number.isInteger(value) && value >= 1 ? { kind: 'solved', symbol: linear.atoms[0], value } : { kind: 'differ' };
  }
  const condition = divisibility(p, q);
  return condition ? { kind: 'conditional', condition } : { kind: 'unknown' };
}

/**
 * The floors `S//m` (S a symbol, m a monomial) are what make `4*(C//4)` differ from C.
 * When writing each such S as m·k makes both sides equal, that is the condition.
 */
function divisibility(p: Poly, q: Poly): string | null {
  const multiples = new Map<string, Poly>();
  const used = new Set([...symbolsOf(p), ...symbolsOf(q)]);
  const parts: string[] = [];
  for (const side of [p, q]) {
    for (const t of side) {
      for (const a of t.atoms) {
        const f = floors.get(a);
        if (!f || f.num.length !== 1 || f.num[0].coef !== 1 || f.num[0].atoms.length !== 1 || f.den.length !== 1) continue;
        const s = f.num[0].atoms[0];
        if (!isSymbolAtom(s) || multiples.has(s)) continue;
        const k = freshName(used);
        used.add(k);
        multiples.set(s, mul(f.den, symbol(k)));
        parts.push(`${s} = ${format(mul(f.den, symbol(k)), '·')}`);
      }
    }
  }
  if (multiples.size === 0) return null;
  const value = (s: string) => multiples.get(s);
  return equal(substitute(p, value), substitute(q, value)) ? parts.join(' and ') : null;
}

function freshName(used: Set<string>): string {
  if (!used.has('k')) return 'k';
  for (let i = 1; ; i++) if (!used.has(`k${i}`)) return `k${i}`;
}

// ---- text ---------------------------------------------------------------------------

function atomText(a: string, times: string): string {
  const f = floors.get(a);
  return f ? `${wrapSum(f.num, true, times)}//${wrapSum(f.den, false, times)}` : a;
}

function termText(t: Term, times: string, first: boolean): string {
  const coef = Math.abs(t.coef);
  if (t.atoms.length === 0) return String(coef);
  // A floor beside other factors is bracketed (2*(C//4) is not (2*C)//4), and so is a leading -(C//4).
  const bracket = t.atoms.length > 1 || coef !== 1 || (first && t.coef < 0);
  const atoms = t.atoms.map((a) => (floors.has(a) && bracket ? `(${atomText(a, times)})` : atomText(a, times)));
  return coef === 1 ? atoms.join(times) : `${coef}${times}${atoms.join(times)}`;
}

/** Brackets a sum (or, as a divisor, a product) so it reads as one operand of `//`. */
function wrapSum(p: Poly, numerator: boolean, times = '*'): string {
  const text = format(p, times);
  const single = p.length === 1 && (numerator || (p[0].atoms.length + (p[0].coef !== 1 ? 1 : 0) <= 1)) && p[0].coef > 0;
  return single && !(p[0].atoms.length === 1 && floors.has(p[0].atoms[0])) ? text : `(${text})`;
}

/** The normal form as text: `*` between factors in code and JSON, `·` in the editor. */
export function format(p: Poly, times = '*'): string {
  if (p.length === 0) return '0';
  let out = '';
  p.forEach((t, i) => {
    const text = termText(t, times, i === 0);
    out += t.coef < 0 ? `-${text}` : i === 0 ? text : `+${text}`;
  });
  return out;
}

// ---- parsing ------------------------------------------------------------------------

/**
 * Reads a size written as text (`2*C`, `C//4`, `(H+2*p-k)//s+1`, `N-1`). Text that is not
 * such an expression is one opaque symbol, so any name a front end hands over stays a size.
 */
export function parse(text: string): Poly {
  const cached = parsed.get(text);
  if (cached) return cached;
  let result: Poly;
  if (/^[A-Za-z_?][\w?.']*$/.test(text)) result = symbol(text);
  else result = new Reader(text).read() ?? symbol(text);
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(text, result);
  return result;
}

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  read(): Poly | null {
    const p = this.sum();
    this.space();
    return p && this.at === this.text.length ? p : null;
  }

  private space(): void {
    while (this.text[this.at] === ' ') this.at++;
  }

  private sum(): Poly | null {
    let left = this.product();
    for (;;) {
      this.space();
      const c = this.text[this.at];
      if (left === null || (c !== '+' && c !== '-')) return left;
      this.at++;
      const right = this.product();
      if (right === null) return null;
      left = c === '+' ? add(left, right) : sub(left, right);
    }
  }

  private product(): Poly | null {
    let left = this.unary();
    for (;;) {
      this.space();
      if (left === null) return null;
      if (this.text.startsWith('//', this.at)) {
        this.at += 2;
        const right = this.unary();
        left = right && floorDiv(left, right);
      } else if (this.text[this.at] === '*' || this.text[this.at] === '·') {
        this.at++;
        const right = this.unary();
        left = right && mul(left, right);
      } else return left;
    }
  }

  private unary(): Poly | null {
    this.space();
    if (this.text[this.at] === '-') {
      this.at++;
      const p = this.unary();
      return p && scale(p, -1);
    }
    if (this.text[this.at] === '(') {
      this.at++;
      const p = this.sum();
      this.space();
      if (this.text[this.at] !== ')') return null;
      this.at++;
      return p;
    }
    const m = /^(\d+)|^([A-Za-z_?][\w?.']*)/.exec(this.text.slice(this.at));
    if (!m) return null;
    this.at += m[0].length;
    return m[1] !== undefined ? constant(Number(m[1])) : symbol(m[2]);
  }
}
