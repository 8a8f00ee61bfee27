import type { Dim } from '../../shapes/dim';
import { formatDim } from '../../shapes/dim';
import type { Node } from '../expr';
import { format, type Notation, type PrintOptions } from './format';

const SUPERSCRIPT: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻', '.': '·' };

/** Unicode superscripts for small integers (x²), a caret otherwise (x^0.5). */
function sup(p: number): string {
  const s = String(p);
  return Number.isInteger(p) ? [...s].map((c) => SUPERSCRIPT[c]).join('') : `^${s}`;
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const short = Number(v.toPrecision(12));
  return String(short);
}

/** Plain text with Unicode: Aᵀ, X⁻¹, ⊙, ·, −. */
export const TEXT: Notation = {
  name: (n) => n,
  number: (v) => (v < 0 ? `−${formatNumber(-v)}` : formatNumber(v)),
  dim: (d: Dim) => formatDim(d),
  identity: 'I',
  zero: '0',
  ones: (column, row) => (column && row ? '1' : column ? '1' : row ? '1ᵀ' : '1·1ᵀ'),
  plus: ' + ',
  minus: ' − ',
  negate: '−',
  matmul: '·',
  scale: '·',
  hadamard: ' ⊙ ',
  hdivide: ' ⊘ ',
  kron: ' ⊗ ',
  frobenius: ' : ',
  fraction: (num, den) => `${/^[\p{L}\p{N}ᵀ⁻¹·]+$/u.test(num) ? num : `(${num})`} / ${den}`,
  transpose: (s) => `${s}ᵀ`,
  inverse: (s) => `${s}⁻¹`,
  inverseTranspose: (s) => `${s}⁻ᵀ`,
  power: (s, p, elementwise) => (elementwise ? `${s}^⊙${p}` : `${s}${sup(p)}`),
  call: (fn, arg, p, param) => `${fn}${param ? `[${param}]` : ''}${p ? sup(p) : ''}(${arg})`,
  norm: (s) => `‖${s}‖`,
  abs: (s) => `|${s}|`,
  step: (s) => `[${s} > 0]`,
  block: (s, index) => `${s}[${index}]`,
  pad: (s, widths) => `pad(${s}, ${widths})`,
  blocks: (parts, stacked) => `[${parts.join(stacked ? '; ' : ', ')}]`,
  differential: (s, kind) => (kind === 'name' ? `d${s}` : kind === 'call' ? `d ${s}` : `d(${s})`),
  parens: (s) => `(${s})`,
};

export function toText(n: Node, options?: PrintOptions): string {
  return format(n, TEXT, options);
}
