import { UNARY_OPS } from '../../ops/index';
import { latexName } from '../../print/latex-name';
import { type Dim, writeDim } from '../../shapes/dim';
import type { Node } from '../expr';
import { format, type Notation, type PrintOptions } from './format';
import { formatNumber } from './text';

/** Function heads by the text printer's name: the modules' own, and det. */
const FUNCTION_HEADS: Record<string, string> = {
  ...Object.fromEntries(UNARY_OPS.map((op) => [op.print.text, op.print.latex])),
  det: '\\det',
};

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
  call: (fn, arg, p, param) => {
    const head = FUNCTION_HEADS[fn] ?? `\\operatorname{${fn}}`;
    if (fn === 'sqrt') return `\\sqrt{${arg}}`;
    return `${head}${param ? `_{\\text{${param}}}` : ''}${p ? `^{${p}}` : ''}\\left(${arg}\\right)`;
  },
  norm: (s) => `\\left\\lVert ${s} \\right\\rVert`,
  abs: (s) => `\\left|${s}\\right|`,
  step: (s) => `\\left[${s} > 0\\right]`,
  // A subscripted name is braced first: x_{0}_{[0:2]} is a double subscript KaTeX refuses.
  block: (s, index) => `${!s.startsWith('\\left(') && /[_^]/.test(s) ? `{${s}}` : s}_{[${index}]}`,
  blocks: (parts, stacked) => `\\begin{bmatrix} ${parts.join(stacked ? ' \\\\ ' : ' & ')} \\end{bmatrix}`,
  pad: (s, widths) => `\\operatorname{pad}\\left(${s},\\ ${widths}\\right)`,
  differential: (s, kind) => (kind === 'name' ? `d${s}` : kind === 'call' ? `d\\,${s}` : `d\\left(${s}\\right)`),
  parens: (s) => `\\left(${s}\\right)`,
};

export function toLatex(n: Node, options?: PrintOptions): string {
  return format(n, LATEX, options);
}
