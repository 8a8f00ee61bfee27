/**
 * What the Jacobian analysis returns. J = ∂vec(F)/∂vec(X)ᵀ (Magnus–Neudecker): rows are
 * the elements of the output F, columns the elements of the input X, both flattened in
 * the stated vec order.
 *
 * - `column-major`: vec stacks columns (the literature; D(AXB) = Bᵀ ⊗ A). Default for math notation.
 * - `row-major`: vec stacks rows, as NumPy's ravel (D(AXB) = A ⊗ Bᵀ). Default for Python.
 */
export type VecOrder = 'row-major' | 'column-major';

/**
 * Named structures, most specific first: a Jacobian gets the first class that is exactly
 * true of it. `kronecker` means a closed form P ⊗ Q with two non-trivial factors (I ⊗ M is
 * also block-diagonal, and is reported as kronecker because that says more).
 */
export type StructureClass = 'zero' | 'diagonal' | 'permutation' | 'kronecker' | 'block-diagonal' | 'diagonal-plus-low-rank' | 'sparse' | 'dense';

export const STRUCTURE_CLASSES: readonly StructureClass[] = ['zero', 'diagonal', 'permutation', 'kronecker', 'block-diagonal', 'diagonal-plus-low-rank', 'sparse', 'dense'];

export interface Formula {
  text: string;
  latex: string;
}

/** Structural nonzeros, 0-based [row, col] in the stated vec order, sorted by row then column. */
export interface Pattern {
  nonzeros: [number, number][];
}

/** The blocks of a block-diagonal (or I ⊗ M) Jacobian. */
export interface Blocks {
  count: number;
  countFormula: string;
  rows: number;
  cols: number;
  rowsFormula: string;
  colsFormula: string;
  /** What each block is, when that is known (softmax rows: diagonal-plus-low-rank). */
  structure?: StructureClass;
}

export interface JacobianStructure {
  /** The differentiated value and the variable, as the user wrote them. */
  of: string;
  wrt: string;
  /** ∂vec(F)/∂vec(X)ᵀ with the names as they print. */
  title: Formula;
  rows: number;
  cols: number;
  rowsFormula: string;
  colsFormula: string;
  vec: VecOrder;
  structure: StructureClass;
  formula: Formula;
  /** Structural nonzeros / (rows · cols) at the current dims. */
  density: number;
  nonzeros: number;
  pattern: Pattern | null;
  /** Why `pattern` is null (too large, or not asked for). */
  patternOmitted?: string;
  blocks?: Blocks;
  /** One sentence a reader needs: the other vec order's view, a coincidence of values, an assumption. */
  note?: string;
  /** Axis labels for a picture: "vec X (row-major, 10N)". */
  axes: { rows: string; cols: string };
}

/** One operation's Jacobian with respect to one of its inputs, for the panel's per-op listing. */
export interface OpJacobian extends JacobianStructure {
  node: number;
  op: string;
  /** Which operand (0-based) of the op. */
  input: number;
  span: { start: number; end: number };
}

export interface JacobianResult extends JacobianStructure {
  /** The ops on the paths from `wrt` to the output, each with respect to its operands on those paths. */
  perOp: OpJacobian[];
  /** Sizes used for symbols that had no value. */
  dims: Record<string, number>;
}
