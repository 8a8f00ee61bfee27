/**
 * A dimension is a known size or a symbol. Symbols are canonical monomials so that
 * reshape arithmetic stays exact: 'N', '2*N', 'N*T'. '?' is the unknown batch size of
 * `None` / `?` / `-1` placeholders, shared by every such placeholder.
 */
export type Dim = number | string;

export type Shape = Dim[];

interface Monomial {
  coef: number;
  syms: string[];
}

function toMonomial(d: Dim): Monomial {
  if (typeof d === 'number') return { coef: d, syms: [] };
  let coef = 1;
  const syms: string[] = [];
  for (const part of d.split('*')) {
    if (/^\d+$/.test(part)) coef *= Number(part);
    else syms.push(part);
  }
  return { coef, syms: syms.sort() };
}

function fromMonomial(m: Monomial): Dim {
  if (m.syms.length === 0) return m.coef;
  const syms = m.syms.join('*');
  return m.coef === 1 ? syms : `${m.coef}*${syms}`;
}

export function isSymbolic(d: Dim): d is string {
  return typeof d === 'string';
}

export function mulDims(a: Dim, b: Dim): Dim {
  const x = toMonomial(a);
  const y = toMonomial(b);
  return fromMonomial({ coef: x.coef * y.coef, syms: [...x.syms, ...y.syms].sort() });
}

export function productOf(dims: readonly Dim[]): Dim {
  return dims.reduce<Dim>((acc, d) => mulDims(acc, d), 1);
}

/** Exact division, or null when `b` does not divide `a` (as far as can be proved). */
export function divDims(a: Dim, b: Dim): Dim | null {
  const x = toMonomial(a);
  const y = toMonomial(b);
  if (y.coef === 0 || x.coef % y.coef !== 0) return null;
  const syms = [...x.syms];
  for (const s of y.syms) {
    const i = syms.indexOf(s);
    if (i < 0) return null;
    syms.splice(i, 1);
  }
  return fromMonomial({ coef: x.coef / y.coef, syms });
}

/** Substitutes known symbol values; symbols without a value stay symbolic. */
export function evalDim(d: Dim, env: Readonly<Record<string, number>>): Dim {
  if (typeof d === 'number') return d;
  const m = toMonomial(d);
  let coef = m.coef;
  const rest: string[] = [];
  for (const s of m.syms) {
    const v = env[s];
    if (typeof v === 'number') coef *= v;
    else rest.push(s);
  }
  return fromMonomial({ coef, syms: rest });
}

/** The symbols a dim mentions. */
export function dimSymbols(d: Dim): string[] {
  return typeof d === 'number' ? [] : toMonomial(d).syms;
}

export function formatDim(d: Dim): string {
  return typeof d === 'number' ? String(d) : d.replace(/\*/g, '·');
}

export function formatShape(shape: readonly Dim[] | null | undefined): string {
  if (!shape) return '(unknown)';
  if (shape.length === 1) return `(${formatDim(shape[0])},)`;
  return `(${shape.map(formatDim).join(', ')})`;
}

