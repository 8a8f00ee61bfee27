import { type Dim, dimSymbols, evalDim, formatDim } from '../shapes/dim';

/** Symbols without a value get this size when a concrete size is needed: small, so patterns stay readable. */
export const DEFAULT_SYMBOL_SIZE = 2;

/** `10*N` → `10N`, `N*T` → `N·T`, `?` stays `?`: how sizes read in formulas and on axes. */
export function formatSize(d: Dim): string {
  if (typeof d === 'number') return String(d);
  if (/[/+()-]/.test(d)) return formatDim(d);
  const parts = d.split('*');
  const coef = parts.filter((p) => /^\d+$/.test(p)).reduce((a, p) => a * Number(p), 1);
  const syms = parts.filter((p) => !/^\d+$/.test(p));
  const body = syms.join('·');
  return coef === 1 ? body : `${coef}${body}`;
}

/** LaTeX for a size used as a subscript: `I_{10N}`. */
export function latexSize(d: Dim): string {
  return formatSize(d).replace(/·/g, '\\cdot ');
}

/** The size at concrete dims: known symbols substituted, unknown ones at DEFAULT_SYMBOL_SIZE. */
export function concreteSize(d: Dim, env: Readonly<Record<string, number>>): number {
  const r = evalDim(d, env);
  if (typeof r === 'number') return r;
  const filled: Record<string, number> = {};
  for (const s of dimSymbols(r)) filled[s] = DEFAULT_SYMBOL_SIZE;
  const v = evalDim(r, filled);
  return typeof v === 'number' ? v : DEFAULT_SYMBOL_SIZE;
}
