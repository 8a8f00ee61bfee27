import { fail, type ShapeRule } from '../../shapes/rules/types';
import { type OpModule, opModule } from '../op';
import { type Contraction, contractF64, contractionExpr, contractionJacobian, contractionShape, contractTf } from './contraction';

/** An ellipsis's k-th axis, counted so that the ellipses of all operands align from the right. */
const ellipsisLabel = (k: number) => `…${k}`;

/** One side's subscripts: its letters, and where its ellipsis stands (-1 when none). */
function subscripts(term: string, equation: string): { letters: string[]; ellipsis: number } | string {
  const parts = term.split('...');
  if (parts.length > 2) return `subscripts '${equation}': '${term}' has more than one ellipsis`;
  const letters = parts.join('').split('');
  const bad = letters.find((ch) => !/[a-zA-Z]/.test(ch));
  if (bad !== undefined) return `subscripts '${equation}': '${bad}' is not a subscript letter`;
  return { letters, ellipsis: parts.length === 2 ? parts[0].length : -1 };
}

/**
 * NumPy's einsum subscripts for operands of the given ranks: explicit (`ij,jk->ik`) or
 * implicit (`ij,jk`: the letters used once, in alphabetical order), an ellipsis standing for
 * the leading axes (broadcast across operands). A string says why they do not parse.
 */
export function parseEinsum(equation: string, ranks: readonly number[]): Contraction | string {
  const compact = equation.replace(/\s+/g, '');
  const [lhs, rhs, ...extra] = compact.split('->');
  if (extra.length > 0) return `subscripts '${equation}' has more than one '->'`;
  const terms = lhs.split(',');
  if (terms.length !== ranks.length) return `subscripts '${equation}' are for ${terms.length} operand${terms.length === 1 ? '' : 's'} but ${ranks.length} ${ranks.length === 1 ? 'is' : 'are'} given`;
  const parsed = terms.map((t) => subscripts(t, equation));
  const error = parsed.find((p): p is string => typeof p === 'string');
  if (error !== undefined) return error;
  const sides = parsed as { letters: string[]; ellipsis: number }[];
  const extents = sides.map((s, k) => (s.ellipsis < 0 ? 0 : ranks[k] - s.letters.length));
  const widest = Math.max(0, ...extents);
  const operands: string[][] = [];
  for (let k = 0; k < sides.length; k++) {
    const { letters, ellipsis } = sides[k];
    if (extents[k] < 0 || (ellipsis < 0 && letters.length !== ranks[k])) return `subscripts '${equation}': operand ${k} has ${ranks[k]} dimension${ranks[k] === 1 ? '' : 's'} but '${terms[k]}' names ${letters.length}`;
    const fill = Array.from({ length: extents[k] }, (_, i) => ellipsisLabel(widest - extents[k] + i));
    operands.push(ellipsis < 0 ? [...letters] : [...letters.slice(0, ellipsis), ...fill, ...letters.slice(ellipsis)]);
  }
  const broadcast = Array.from({ length: widest }, (_, i) => ellipsisLabel(i));
  if (rhs === undefined) {
    const count = new Map<string, number>();
    for (const s of sides) for (const l of s.letters) count.set(l, (count.get(l) ?? 0) + 1);
    return { operands, output: [...broadcast, ...[...count].filter(([, n]) => n === 1).map(([l]) => l).sort()] };
  }
  const out = subscripts(rhs, equation);
  if (typeof out === 'string') return out;
  const used = new Set(sides.flatMap((s) => s.letters));
  const missing = out.letters.find((l) => !used.has(l));
  if (missing !== undefined) return `subscripts '${equation}': the output's '${missing}' is in no operand`;
  if (new Set(out.letters).size !== out.letters.length) return `subscripts '${equation}': the output repeats a letter`;
  if (out.ellipsis < 0 && widest > 0) return `subscripts '${equation}': the operands have axes for the ellipsis but the output has no '...'`;
  return { operands, output: out.ellipsis < 0 ? out.letters : [...out.letters.slice(0, out.ellipsis), ...broadcast, ...out.letters.slice(out.ellipsis)] };
}

const equationOf = (attrs: Readonly<Record<string, unknown>>): string | null => (typeof attrs.equation === 'string' ? attrs.equation : null);

/** The node's contraction; the shape rule has accepted it, so it parses. */
function contraction(attrs: Readonly<Record<string, unknown>>, ranks: readonly number[]): Contraction {
  const c = parseEinsum(equationOf(attrs) ?? '', ranks);
  if (typeof c === 'string') throw new Error(c);
  return c;
}

const labelName = (l: string) => (l.startsWith('…') ? `the ellipsis's axis ${l.slice(1)}` : `'${l}'`);

const einsumShape: ShapeRule = (inputs, attrs, ctx) => {
  const equation = equationOf(attrs);
  const all = inputs.map((_, k) => k);
  if (equation === null) return fail('einsum needs its subscripts as a string (e.g. "ij,jk->ik")', all);
  const c = parseEinsum(equation, inputs.map((t) => t.shape.length));
  if (typeof c === 'string') return fail(c, all);
  return contractionShape(c, inputs, ctx, `subscripts '${equation}'`, labelName);
};

export const einsum: OpModule<'einsum'> = opModule('einsum', {
  doc: "einsum('ij,jk->ik', A, B) — sums of products over the subscripts' letters (repeated: a diagonal; absent from the output: summed)",
  signature: { params: ['operands', 'equation'], tensors: 'tuple', shape: einsumShape },
  f64: (inputs, ctx) => contractF64(contraction(ctx.node.attrs, inputs.map((t) => t.shape.length)), inputs),
  tfjs: (inputs, ctx) => contractTf(ctx.tf, contraction(ctx.node.attrs, inputs.map((t) => t.shape.length)), inputs),
  jacobian: {
    wrt: (ctx, k) => contractionJacobian(contraction(ctx.node.attrs, ctx.shapes.map((s) => s.length)), ctx, k),
  },
  symbolic: {
    read: (x, node, input, { inputNode: operand }) => {
      const ranks = node.inputs.map((_, k) => operand(k).shape.length);
      return contractionExpr(x, contraction(node.attrs, ranks), ranks.map((_, k) => input(k)), `einsum '${equationOf(node.attrs) ?? ''}'`);
    },
  },
  kinks: null,
  spellings: {
    python: [{ names: ['numpy.einsum', 'torch.einsum', 'tensorflow.einsum', 'tensorflow.linalg.einsum'], params: 'equation=, *operands' }],
  },
});

