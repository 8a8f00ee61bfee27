import * as size from './size';

/**
 * A dimension is a known size or a symbolic one. A symbolic size is the normal form of an
 * exact expression in symbols (size.ts), as text: 'N', '2*N', 'N*T', 'C//4', 'N-1'. '?' is
 * the unknown batch size of `None` / `?` / `-1` placeholders, shared by every such placeholder.
 */
export type Dim = number | string;

export type Shape = Dim[];

export function isSymbolic(d: Dim): d is string {
  return typeof d === 'string';
}

const NAME = /^[A-Za-z_?][\w?.']*$/;

/** A bare symbol ('N'), as opposed to an expression in symbols ('2*N', 'C//4'). */
export function isPlainSymbol(d: Dim): d is string {
  return typeof d === 'string' && NAME.test(d);
}

export function toSize(d: Dim): size.Poly {
  return typeof d === 'number' ? size.constant(d) : size.parse(d);
}

export function fromSize(p: size.Poly): Dim {
  return size.isConstant(p) ? size.constantValue(p) : size.format(p);
}

export function mulDims(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (a === 1) return b;
  if (b === 1) return a;
  return fromSize(size.mul(toSize(a), toSize(b)));
}

export function addDims(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  return fromSize(size.add(toSize(a), toSize(b)));
}

export function subDims(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return fromSize(size.sub(toSize(a), toSize(b)));
}

export function productOf(dims: readonly Dim[]): Dim {
  let out: Dim = 1;
  for (const d of dims) out = mulDims(out, d);
  return out;
}

/** Exact division, or null when `b` does not divide `a` (as far as can be proved). */
export function divDims(a: Dim, b: Dim): Dim | null {
  if (typeof a === 'number' && typeof b === 'number') return b !== 0 && a % b === 0 ? a / b : null;
  const q = size.divide(toSize(a), toSize(b));
  return q && fromSize(q);
}

/** Python's `a // b`, kept exact when symbolic (`C//4`); null for a division by zero. */
export function floorDivDims(a: Dim, b: Dim): Dim | null {
  if (typeof a === 'number' && typeof b === 'number') return b === 0 ? null : Math.floor(a / b);
  const q = size.floorDiv(toSize(a), toSize(b));
  return q && fromSize(q);
}

/** ⌈a / c⌉ for a positive whole c. */
export function ceilDivDims(a: Dim, c: number): Dim {
  if (typeof a === 'number') return Math.ceil(a / c);
  return fromSize(size.ceilDiv(toSize(a), c) as size.Poly);
}

/** Whether two sizes are equal for every value of their symbols, for none, for one value of one symbol, under a condition, or undecided. */
export function compareDims(a: Dim, b: Dim): size.Comparison {
  if (a === b) return { kind: 'equal' };
  if (typeof a === 'number' && typeof b === 'number') return { kind: 'differ' };
  return size.compare(toSize(a), toSize(b));
}

/** Substitutes known symbol values; symbols without a value stay symbolic. */
export function evalDim(d: Dim, env: Readonly<Record<string, number>>): Dim {
  if (typeof d === 'number') return d;
  if (NAME.test(d)) return typeof env[d] === 'number' ? env[d] : d;
  return fromSize(size.substitute(size.parse(d), (s) => (typeof env[s] === 'number' ? size.constant(env[s]) : undefined)));
}

/** Replaces symbols by other sizes (`?` by `N`); the result is in normal form again. */
export function substituteDim(d: Dim, values: Readonly<Record<string, Dim>>): Dim {
  if (typeof d === 'number') return d;
  return fromSize(size.substitute(size.parse(d), (s) => (values[s] === undefined ? undefined : toSize(values[s]))));
}

/** The text of a size with each symbol written by `name` (a source expression, a LaTeX name). */
export function writeDim(d: Dim, name: (symbol: string) => string, times = '*'): string {
  if (typeof d === 'number') return String(d);
  return size.format(size.parse(d), times).replace(/[A-Za-z_?][\w?.']*/g, name);
}

/** The symbols a dim mentions. */
export function dimSymbols(d: Dim): string[] {
  if (typeof d === 'number') return [];
  if (NAME.test(d)) return [d];
  return size.symbolsOf(size.parse(d));
}

/** Editor text of expressions already written, by their code text: hints ask for the same sizes again and again. */
const formatted = new Map<string, string>();

export function formatDim(d: Dim): string {
  if (typeof d === 'number' || NAME.test(d)) return String(d);
  let text = formatted.get(d);
  if (text === undefined) {
    if (formatted.size >= 10_000) formatted.clear();
    text = size.format(size.parse(d), '·');
    formatted.set(d, text);
  }
  return text;
}

export function formatShape(shape: readonly Dim[] | null | undefined): string {
  if (!shape) return '(unknown)';
  if (shape.length === 1) return `(${formatDim(shape[0])},)`;
  return `(${shape.map(formatDim).join(', ')})`;
}
