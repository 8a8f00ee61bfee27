import type { Graph } from '../ir/graph';
import { type Dim, productOf } from '../shapes/dim';
import { booleanProduct } from './boolean-product';
import type { Chain } from './chain';
import { type Axes, classify } from './classify';
import { formula as printFormula, type P } from './formula';
import { jacobianTitle, type Namer } from './names';
import { type ConcreteAxes, countNonzeros, enumerateSupport } from './pattern';
import { classifyPattern } from './pattern-class';
import { formatSize } from './sizes';
import type { Term } from './term';
import type { Formula, JacobianStructure, StructureClass, VecOrder } from './types';

export interface StructureInput {
  graph: Graph;
  /** The composite (or one op's) terms; null when known only by enumeration. */
  terms: Term[] | null;
  axes: Axes;
  /** Nodes and edges whose boolean product gives the pattern when `terms` is null. */
  chain: Pick<Chain, 'path' | 'edges'>;
  of: number;
  wrt: number;
  labels: { of: Formula; wrt: Formula };
  vec: VecOrder;
  namer: Namer;
  size: (d: Dim) => number;
  /** Largest pattern listed; 0 lists none. */
  limit: number;
  /** The formula when the class has no closed form (the product of the ops' Jacobians). */
  fallback: P;
  /** What an op given by enumeration says it is (reshape: a permutation in column-major). */
  hint?: { structure: StructureClass; formula: P };
}

/** Class, formula, sizes, pattern and density of one Jacobian, at symbolic and current sizes. */
export function describe(input: StructureInput): JacobianStructure {
  const { axes, vec, size } = input;
  // Terms that still hold an enumerated op (a gather straight from X) are counted by the boolean product.
  const terms = input.terms && !input.terms.some((t) => t.factors.some((f) => f.kind === 'explicit')) ? input.terms : null;
  const rowsDim = productOf(axes.out.map((a) => a.size));
  const colsDim = productOf(axes.in.map((a) => a.size));
  const rows = size(rowsDim);
  const cols = size(colsDim);
  const classified = terms ? classify(terms, axes, vec, input.namer) : null;
  const concrete: ConcreteAxes = { out: axes.out.map((a) => ({ ix: a.ix, size: size(a.size) })), in: axes.in.map((a) => ({ ix: a.ix, size: size(a.size) })) };

  let nonzeros: [number, number][] | null = null;
  let count: number | null = null;
  let omitted: string | undefined;
  const limit = Math.max(0, input.limit);
  if (terms) {
    const c = countNonzeros(terms, concrete);
    count = c.exact;
    if (limit > 0 && c.lower <= limit) nonzeros = enumerateSupport(terms, concrete, vec, limit);
    if (nonzeros) count = nonzeros.length;
    else if (count === null) count = c.upper;
  } else if (limit > 0) {
    nonzeros = booleanProduct(input.graph, input.chain as Chain, input.of, input.wrt, vec, size, limit);
    if (nonzeros) count = nonzeros.length;
  }
  if (!nonzeros) omitted = limit === 0 ? 'not requested' : `more than ${limit.toLocaleString('en-US')} nonzeros (or too costly to enumerate) at these sizes`;

  let structure: StructureClass;
  let formulaP: P;
  let blocks: JacobianStructure['blocks'];
  let note = classified?.note;
  if (classified) {
    structure = classified.structure;
    formulaP = classified.formula ?? input.fallback;
    if (classified.blocks) {
      const b = classified.blocks;
      blocks = { count: size(b.count), countFormula: formatSize(b.count), rows: size(b.rows), cols: size(b.cols), rowsFormula: formatSize(b.rows), colsFormula: formatSize(b.cols), ...(b.structure ? { structure: b.structure } : {}) };
    }
  } else {
    const fromPattern = nonzeros ? classifyPattern(nonzeros, rows, cols, input.hint?.structure === 'permutation') : null;
    // The pattern can prove zero or diagonal; otherwise the op's own word beats what a pattern can see.
    const proven = fromPattern && (fromPattern.structure === 'zero' || fromPattern.structure === 'diagonal');
    structure = proven ? (fromPattern?.structure as StructureClass) : (input.hint?.structure ?? fromPattern?.structure ?? 'sparse');
    formulaP = input.hint?.formula ?? input.fallback;
    if (fromPattern?.blocks) blocks = { count: fromPattern.blocks.count, countFormula: String(fromPattern.blocks.count), rows: fromPattern.blocks.rows, cols: fromPattern.blocks.cols, rowsFormula: String(fromPattern.blocks.rows), colsFormula: String(fromPattern.blocks.cols) };
    if (!nonzeros) note = 'the class comes from enumerating the pattern, which is too large here; try smaller sizes';
  }
  const total = rows * cols;
  const nnz = count ?? total;
  const rowsFormula = formatSize(rowsDim);
  const colsFormula = formatSize(colsDim);
  return {
    of: input.labels.of.text,
    wrt: input.labels.wrt.text,
    title: jacobianTitle(input.labels.of, input.labels.wrt),
    rows,
    cols,
    rowsFormula,
    colsFormula,
    vec,
    structure,
    formula: printFormula(formulaP),
    density: total === 0 ? 0 : nnz / total,
    nonzeros: nnz,
    pattern: nonzeros ? { nonzeros } : null,
    ...(omitted ? { patternOmitted: omitted } : {}),
    ...(blocks ? { blocks } : {}),
    ...(note ? { note } : {}),
    axes: { rows: `vec ${input.labels.of.text} (${vec}, ${rowsFormula})`, cols: `vec ${input.labels.wrt.text} (${vec}, ${colsFormula})` },
  };
}
