import type { Graph, GraphNode, NodeId } from '../ir/graph';
import { unaryTable } from '../ops/index';
import { latexName } from '../print/latex-name';
import { matProd, type P, sym, transpose } from './formula';
import type { Formula } from './types';
import type { Src, Vals } from './term';

/** Unicode subscripts for the block indices a formula uses (sₙ, sₘ, …). */
const SUBSCRIPT: Record<string, string> = { n: 'ₙ', m: 'ₘ', k: 'ₖ', j: 'ⱼ', i: 'ᵢ' };

export function subscriptText(letter: string): string {
  return SUBSCRIPT[letter] ?? `_${letter}`;
}

const FUNCTION_LATEX: Record<string, string> = {
  ...unaryTable((op) => op.print.latex),
  softmax: '\\operatorname{softmax}',
  log_softmax: '\\operatorname{log\\,softmax}',
  sum: '\\operatorname{sum}',
};

/** ∂vec(F)/∂vec(X)ᵀ, the Jacobian in Magnus–Neudecker's convention. */
export function jacobianTitle(of: Formula, wrt: Formula): Formula {
  return {
    text: `∂vec(${of.text}) / ∂vec(${wrt.text})ᵀ`,
    latex: `\\frac{\\partial\\,\\operatorname{vec}(${of.latex})}{\\partial\\,\\operatorname{vec}(${wrt.latex})^{T}}`,
  };
}

/**
 * How graph values read in formulas: by their names, or as the expression that made
 * them (CB, softmax(Z)). Unnamed products expand into their factors so that
 * AᵀBᵀ prints as (BA)ᵀ.
 */
/** The longest label spelled out in full. */
const MAX_LABEL = 120;

export class Namer {
  /** Labels by node: an unnamed value's label spells out its whole expression, so it is built once. */
  private readonly labels = new Map<NodeId, Formula>();

  constructor(readonly graph: Graph) {}

  node(id: NodeId): GraphNode {
    return this.graph.nodes[id];
  }

  label(id: NodeId): Formula {
    let f = this.labels.get(id);
    if (!f) {
      f = this.spell(id);
      // A deep unnamed expression (an unrolled recurrence reads each state several times) is
      // shortened, so that no label grows with the depth of the graph.
      if (f.text.length > MAX_LABEL) {
        const op = this.node(id).op;
        f = { text: `${op}(…)`, latex: `\\mathrm{${op.replace(/_/g, '\\_')}}(\\ldots)` };
      }
      this.labels.set(id, f);
    }
    return f;
  }

  private spell(id: NodeId): Formula {
    const n = this.node(id);
    if (n.name) return { text: n.name, latex: latexName(n.name) };
    const arg = (k: number, paren = false) => {
      const f = this.label(n.inputs[k]);
      // Products associate: CBA needs no parentheses; sums and named multi-letter values do.
      const product = n.op === 'matmul' && this.node(n.inputs[k]).op === 'matmul' && !this.node(n.inputs[k]).name;
      const compound = !product && (/[\s+−⊙⊘·]/.test(f.text) || (paren && f.text.length > 1 && !/^\w+\(.*\)$/.test(f.text) && !/^[A-Za-z]\w*$/.test(f.text)));
      return compound && paren ? { text: `(${f.text})`, latex: `\\left(${f.latex}\\right)` } : f;
    };
    switch (n.op) {
      case 'const':
        return { text: String(n.attrs.value ?? n.attrs.dim ?? 'c'), latex: String(n.attrs.value ?? n.attrs.dim ?? 'c') };
      case 'matmul': {
        const a = arg(0, true);
        const b = arg(1, true);
        const join = /[A-Za-z]\d*[ᵀ)]*$/.test(a.text) && /^[(A-Za-z]/.test(b.text) && (a.text.length === 1 || /^\(.*\)ᵀ?$/.test(a.text) || /^[A-Z]+$/.test(a.text)) ? '' : '·';
        return { text: `${a.text}${join}${b.text}`, latex: `${a.latex} ${b.latex}` };
      }
      case 'transpose': {
        const a = arg(0, true);
        return { text: `${a.text}ᵀ`, latex: `${a.latex}^\\top` };
      }
      case 'add':
      case 'sub':
      case 'mul':
      case 'div': {
        const sign = { add: ['+', '+'], sub: ['−', '-'], mul: ['⊙', '\\odot'], div: ['⊘', '\\oslash'] }[n.op];
        const a = arg(0, n.op !== 'add');
        const b = arg(1, true);
        return { text: `${a.text} ${sign[0]} ${b.text}`, latex: `${a.latex} ${sign[1]} ${b.latex}` };
      }
      case 'neg': {
        const a = arg(0, true);
        return { text: `−${a.text}`, latex: `-${a.latex}` };
      }
      default: {
        const args = n.inputs.map((_, k) => arg(k));
        const fn = FUNCTION_LATEX[n.op] ?? `\\operatorname{${n.op.replace(/_/g, '\\_')}}`;
        return { text: `${n.op}(${args.map((a) => a.text).join(', ')})`, latex: `${fn}\\left(${args.map((a) => a.latex).join(', ')}\\right)` };
      }
    }
  }

  /** A lowercase letter for the rows of a value (S → sₙ); softmax outputs without a name are s. */
  letter(id: NodeId): string | null {
    const n = this.node(id);
    if (n.name && /^[A-Za-z]$/.test(n.name)) return n.name.toLowerCase();
    if (!n.name && n.op === 'softmax') return 's';
    return null;
  }

  /** The matrix factors of a value: unnamed products and transposes open up. */
  atoms(id: NodeId): P {
    const n = this.node(id);
    if (!n.name && n.op === 'matmul' && n.shape.length === 2 && n.inputs.every((k) => this.node(k).shape.length === 2)) return matProd([this.atoms(n.inputs[0]), this.atoms(n.inputs[1])]);
    if (!n.name && n.op === 'transpose' && n.shape.length === 2) return transposeAtoms(this.atoms(n.inputs[0]));
    const f = this.label(id);
    return sym(f.text, f.latex);
  }

  /** A value as printed whole: X, 1 ⊘ X, exp(Z) ⊙ W. */
  vals(vals: Vals): Formula {
    if (vals.length === 0) return { text: '1', latex: '1' };
    const parts = vals.map((v) => this.src(v));
    return { text: parts.map((p) => p.text).join(' ⊙ '), latex: parts.map((p) => p.latex).join(' \\odot ') };
  }

  src(v: Src): Formula {
    if (v.kind === 'expr') return { text: this.fill(v.text, 'text'), latex: this.fill(v.latex, 'latex') };
    const f = this.label(v.node);
    const paren = /[\s+−⊙⊘]/.test(f.text) ? { text: `(${f.text})`, latex: `\\left(${f.latex}\\right)` } : f;
    if (v.power === 1) return f;
    if (v.power === -1) return { text: `1 ⊘ ${paren.text}`, latex: `1 \\oslash ${paren.latex}` };
    return { text: `${paren.text}^∘${v.power}`, latex: `${paren.latex}^{\\circ ${v.power}}` };
  }

  /** Expression templates name values as {n:ID}; a compound value gets parentheses. */
  fill(template: string, form: 'text' | 'latex'): string {
    return template.replace(/\{n:(\d+)\}/g, (match: string, id: string, at: number) => {
      const f = this.label(Number(id));
      const compound = /[\s+−⊙⊘]/.test(f.text);
      if (form === 'text') return compound ? `(${f.text})` : f.text;
      if (compound) return `\\left(${f.latex}\\right)`;
      return template[at + match.length] === '_' ? scriptable(f.latex) : f.latex;
    });
  }

  /** One row (or column) of a value as a vector: sₙ for named single letters, else W[n,:]. */
  slice(vals: Vals, fam: string, axis: 'row' | 'col'): Formula {
    const v0 = vals[0];
    const single = vals.length !== 1 ? null : v0.kind === 'node' ? (v0.power === 1 ? this.letter(v0.node) : null) : (v0.letter ?? null);
    if (single && axis === 'row') return { text: `${single}${subscriptText(fam)}`, latex: `${single}_${fam}` };
    const whole = this.vals(vals);
    const paren = vals.length === 1 && /^\w+$/.test(whole.text) ? whole : { text: `(${whole.text})`, latex: `\\left(${whole.latex}\\right)` };
    const base = scriptable(paren.latex);
    return axis === 'row' ? { text: `${paren.text}[${fam},:]`, latex: `${base}_{${fam},:}` } : { text: `${paren.text}[:,${fam}]`, latex: `${base}_{:,${fam}}` };
  }

  /** One entry of a value: w_{n,k}. */
  entry(vals: Vals, fams: string[]): Formula {
    const whole = this.vals(vals);
    const paren = /^\w+$/.test(whole.text) ? whole : { text: `(${whole.text})`, latex: `\\left(${whole.latex}\\right)` };
    return { text: `${paren.text}[${fams.join(',')}]`, latex: `${scriptable(paren.latex)}_{${fams.join(',')}}` };
  }
}

/** A name that has a subscript of its own (x_{1}) takes another inside braces: {x_{1}}_{n,:}, which KaTeX accepts. */
function scriptable(latex: string): string {
  return /[_^]/.test(latex) && !latex.startsWith('\\left(') ? `{${latex}}` : latex;
}

function transposeAtoms(p: P): P {
  if (p.k === 'prod') return matProd([...p.items].reverse().map(transposeAtoms));
  return transpose(p);
}
