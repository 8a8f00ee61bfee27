/**
 * A line of a note, typeset for display as the note wrote it. A line written in LaTeX
 * keeps its own LaTeX, without the alignment marks of the block it sat in; a line in
 * plain text (`x = softmax(B•A)`, `dE/dC = (S − Y)·Aᵀ`) is spelled in LaTeX: functions
 * upright, names as everywhere else in Grad Lens, operators as their commands.
 */
import { looksLikeLatex } from './blocks';
import { latexName } from '../../print/latex-name';

const SYMBOLS: Record<string, string> = {
  '•': '\\cdot ',
  '·': '\\cdot ',
  '*': '\\cdot ',
  '@': '\\cdot ',
  '×': '\\times ',
  '⊗': '\\otimes ',
  '⊙': '\\odot ',
  '∘': '\\circ ',
  '⊘': '\\oslash ',
  '∂': '\\partial ',
  '∇': '\\nabla ',
  'Σ': '\\sum ',
  '∑': '\\sum ',
  '‖': '\\|',
  '−': '-',
  ᵀ: '^{T}',
  '⁻¹': '^{-1}',
  '{': '\\{',
  '}': '\\}',
  '#': '\\#',
  '%': '\\%',
  $: '\\$',
  '~': '\\sim ',
  '\\': '\\backslash ',
};

/** LaTeX for one line of a note (`source` is its text as written). */
export function noteLatex(source: string): string {
  const line = withoutAlignment(source);
  return looksLikeLatex(line) ? line : plainToLatex(line);
}

/** Without the marks that only mean something inside an align block: `&`, `\\`, `\cr`. */
function withoutAlignment(s: string): string {
  return s
    .replace(/\\cr\b/g, ' ')
    .replace(/\\\\/g, ' ')
    .replace(/(^|[^\\])&/g, '$1')
    .replace(/[,.;]\s*$/, '')
    .trim();
}

function plainToLatex(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const word = /^[A-Za-z][A-Za-z0-9_]*'*/.exec(s.slice(i));
    if (word) {
      const w = word[0];
      const after = s.slice(i + w.length).trimStart();
      // A word that is not a function keeps its letters: `Mc` is M times c, as written.
      if (w.length > 1 && /^[A-Za-z]+$/.test(w) && after.startsWith('(')) out += `\\operatorname{${w}}`;
      else out += /[_\d]/.test(w) ? latexName(w) : w;
      // A space only where the next letter would otherwise join the name.
      if (/^[A-Za-z0-9]/.test(s.slice(i + w.length))) out += ' ';
      i += w.length;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (two === '⁻¹') {
      out += SYMBOLS[two];
      i += 2;
      continue;
    }
    if (two === '.*') {
      out += '\\odot ';
      i += 2;
      continue;
    }
    if (two === '**') {
      out += '^';
      i += 2;
      continue;
    }
    const c = s[i];
    out += SYMBOLS[c] ?? c;
    i += 1;
  }
  return out.replace(/\s+/g, ' ').replace(/[,.;]\s*$/, '').trim();
}
