import type { Formula } from './types';

/**
 * Printable matrix expressions, printed twice: Unicode text ((BA)ᵀ ⊗ I_N) and LaTeX
 * ((BA)^\top \otimes I_N). Precedence decides the parentheses: sum < ⊗ < product < ᵀ.
 */
export type P =
  | { k: 'sym'; text: string; latex: string }
  | { k: 'prod'; items: P[] }
  | { k: 'kron'; items: P[] }
  | { k: 'sum'; items: { sign: 1 | -1; p: P }[] }
  /** A scalar times a matrix: 2·Diag(vec X), (1/N)·1ᵀ. */
  | { k: 'scale'; c: Formula; p: P }
  | { k: 'T'; p: P }
  /** Diag(·), blockdiag_{n}(·): a named function of one argument. */
  | { k: 'call'; name: Formula; arg: P };

export const sym = (text: string, latex = text): P => ({ k: 'sym', text, latex });

export function prod(items: P[]): P {
  let flat = items.flatMap((p) => (p.k === 'prod' ? p.items : [p])).filter((p) => !isOne(p));
  // I·M = M inside a product; c·I keeps its I.
  const isIdentity = (p: P) => p.k === 'sym' && /^I(_|$)/.test(p.text);
  const isScalar = (p: P) => p.k === 'sym' && (/^[\d.()/−-]+$/.test(p.text) || /\[.*\]$/.test(p.text));
  if (flat.some((p) => !isIdentity(p) && !isScalar(p))) flat = flat.filter((p) => !isIdentity(p));
  if (flat.length === 0) return sym('1');
  return flat.length === 1 ? flat[0] : { k: 'prod', items: flat };
}

/** A product of matrices where AᵀBᵀ reads (BA)ᵀ. Only for matrix factors: xᵀ(BA)ᵀ stays as written. */
export function matProd(items: P[]): P {
  const p = prod(items);
  return p.k === 'prod' ? prod(regroupTransposes(p.items)) : p;
}

/** A run of two or more transposes becomes the transpose of the reversed product. */
function regroupTransposes(items: P[]): P[] {
  const out: P[] = [];
  for (let i = 0; i < items.length; ) {
    let j = i;
    while (j < items.length && items[j].k === 'T') j++;
    if (j - i >= 2) {
      const inner = items.slice(i, j).map((p) => (p as Extract<P, { k: 'T' }>).p).reverse();
      out.push({ k: 'T', p: { k: 'prod', items: inner.flatMap((p) => (p.k === 'prod' ? p.items : [p])) } });
      i = j;
    } else {
      out.push(items[i]);
      i = j > i ? j : i + 1;
    }
  }
  return out;
}

export function kron(items: P[]): P {
  const flat = items.flatMap((p) => (p.k === 'kron' ? p.items : [p]));
  return flat.length === 1 ? flat[0] : { k: 'kron', items: flat };
}

export function sum(items: { sign: 1 | -1; p: P }[]): P {
  const flat = items.flatMap((it) => (it.p.k === 'sum' ? it.p.items.map((x) => ({ sign: (x.sign * it.sign) as 1 | -1, p: x.p })) : [it]));
  return flat.length === 1 && flat[0].sign === 1 ? flat[0].p : { k: 'sum', items: flat };
}

export const transpose = (p: P): P => (p.k === 'T' ? p.p : { k: 'T', p });
export const call = (name: Formula, arg: P): P => ({ k: 'call', name, arg });
export const scale = (c: Formula, p: P): P => ({ k: 'scale', c, p });

function isOne(p: P): boolean {
  return p.k === 'sym' && p.text === '1' && p.latex === '1';
}

const PREC = { sum: 1, kron: 2, scale: 3, prod: 3, T: 5, call: 6, sym: 6 } as const;

function prec(p: P): number {
  if (p.k === 'sym') return /^[^\s+−-]*$/.test(p.text) || /^\(.*\)$/.test(p.text) ? PREC.sym : PREC.sum;
  return PREC[p.k];
}

/** Single letters with decorations (A, Bᵀ, sₙ, I_N) can be written side by side; longer names get a space. */
function juxtaposable(s: string): boolean {
  return /^[A-Za-z][ᵀₙₘₖⱼ]*$|^\(.*\)ᵀ?$|^Diag\(.*\)$/.test(s);
}

export function toText(p: P): string {
  switch (p.k) {
    case 'sym':
      return p.text;
    case 'prod': {
      const parts = p.items.map((x) => wrap(x, PREC.prod, toText, '(', ')'));
      let out = parts[0];
      for (let i = 1; i < parts.length; i++) out += juxtaposable(parts[i - 1]) && juxtaposable(parts[i]) ? parts[i] : ` ${parts[i]}`;
      return out;
    }
    case 'kron':
      return p.items.map((x) => wrap(x, PREC.kron + 1, toText, '(', ')')).join(' ⊗ ');
    case 'sum':
      return p.items.map((it, i) => `${i === 0 ? (it.sign < 0 ? '−' : '') : it.sign < 0 ? ' − ' : ' + '}${wrap(it.p, i === 0 && it.sign < 0 ? PREC.kron + 1 : PREC.sum + 1, toText, '(', ')')}`).join('');
    case 'scale':
      return `${p.c.text}·${wrap(p.p, PREC.prod, toText, '(', ')')}`;
    case 'T':
      return `${wrap(p.p, PREC.T + 1, toText, '(', ')')}ᵀ`;
    case 'call':
      return `${p.name.text}(${toText(p.arg)})`;
  }
}

export function toLatex(p: P): string {
  switch (p.k) {
    case 'sym':
      return p.latex;
    case 'prod':
      return p.items.map((x) => wrap(x, PREC.prod, toLatex, '\\left(', '\\right)')).join(' ');
    case 'kron':
      return p.items.map((x) => wrap(x, PREC.kron + 1, toLatex, '\\left(', '\\right)')).join(' \\otimes ');
    case 'sum':
      return p.items.map((it, i) => `${i === 0 ? (it.sign < 0 ? '-' : '') : it.sign < 0 ? ' - ' : ' + '}${wrap(it.p, i === 0 && it.sign < 0 ? PREC.kron + 1 : PREC.sum + 1, toLatex, '\\left(', '\\right)')}`).join('');
    case 'scale':
      return `${p.c.latex}\\,${wrap(p.p, PREC.prod, toLatex, '\\left(', '\\right)')}`;
    case 'T':
      return `${wrap(p.p, PREC.T + 1, toLatex, '\\left(', '\\right)')}^\\top`;
    case 'call':
      return `${p.name.latex}\\left(${toLatex(p.arg)}\\right)`;
  }
}

function wrap(p: P, min: number, print: (p: P) => string, open: string, close: string): string {
  const s = print(p);
  return prec(p) < min ? `${open}${s}${close}` : s;
}

export function formula(p: P): Formula {
  return { text: toText(p), latex: toLatex(p) };
}
