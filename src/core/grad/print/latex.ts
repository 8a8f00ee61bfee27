import { type Dim, writeDim } from '../../shapes/dim';
import type { Node } from '../expr';
import { format, type Notation, type PrintOptions } from './format';
import { formatNumber } from './text';

const GREEK = new Set(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'theta', 'lambda', 'mu', 'sigma', 'tau', 'phi', 'psi', 'omega', 'Sigma', 'Theta', 'Lambda', 'Phi', 'Psi', 'Omega', 'Gamma', 'Delta']);

/** W1 → W_{1}, x_hat → x_{hat}, alpha → \alpha, longer names upright. */
export function latexName(n: string): string {
  if (GREEK.has(n)) return `\\${n}`;
  let m = /^([A-Za-z])(\d+)$/.exec(n);
  if (m) return `${m[1]}_{${m[2]}}`;
  m = /^([A-Za-z])_?([A-Za-z0-9]+)$/.exec(n);
  if (m && n.includes('_')) return `${m[1]}_{\\mathrm{${m[2]}}}`;
  if (n.length === 1) return n;
  const sub = /^(.*?)(\d+)$/.exec(n);
  const escape = (s: string) => s.replace(/_/g, '\\_');
  return sub ? `\\mathrm{${escape(sub[1])}}_{${sub[2]}}` : `\\mathrm{${escape(n)}}`;
}

/** LaTeX for KaTeX: A^{\top}, X^{-1}, \odot, \operatorname{softmax}. */
export const LATEX: Notation = {
  name: latexName,
  number: (v) => (v < 0 ? `-${formatNumber(-v)}` : formatNumber(v)),
  dim: (d: Dim) => (typeof d === 'number' ? String(d) : writeDim(d, latexName, ' ').replace(/\/\//g, '\\mathbin{//}')),
  identity: 'I',
  zero: '0',
  ones: (column, row) => (column && row ? '1' : column ? '\\mathbf{1}' : row ? '\\mathbf{1}^{\\top}' : '\\mathbf{1}\\mathbf{1}^{\\top}'),
  plus: ' + ',
  minus: ' - ',
  negate: '-',
  matmul: ' ',
  scale: '\\,',
  hadamard: ' \\odot ',
  hdivide: ' \\oslash ',
  kron: ' \\otimes ',
  frobenius: ' : ',
  fraction: (num, den) => `\\frac{${num}}{${den}}`,
  transpose: (s) => `${s}^{\\top}`,
  inverse: (s) => `${s}^{-1}`,
  inverseTranspose: (s) => `${s}^{-\\top}`,
  power: (s, p, elementwise) => (elementwise ? `${s}^{\\circ ${p}}` : `${s}^{${p}}`),
  call: (fn, arg, p) => {
    const known: Record<string, string> = { exp: '\\exp', log: '\\log', tanh: '\\tanh', det: '\\det', sigmoid: '\\sigma' };
    const head = known[fn] ?? `\\operatorname{${fn}}`;
    if (fn === 'sqrt') return `\\sqrt{${arg}}`;
    return `${head}${p ? `^{${p}}` : ''}\\left(${arg}\\right)`;
  },
  norm: (s) => `\\left\\lVert ${s} \\right\\rVert`,
  abs: (s) => `\\left|${s}\\right|`,
  step: (s) => `\\left[${s} > 0\\right]`,
  differential: (s, kind) => (kind === 'name' ? `d${s}` : kind === 'call' ? `d\\,${s}` : `d\\left(${s}\\right)`),
  parens: (s) => `\\left(${s}\\right)`,
};

export function toLatex(n: Node, options?: PrintOptions): string {
  return format(n, LATEX, options);
}
