/**
 * Symbolic gradients in matrix notation (issue 4, "Derive Gradient").
 *
 *   expr.ts        the matrix-expression type (hash-consed DAG, shapes)
 *   rules.ts       one matrix-calculus rule per op: differential and adjoint
 *   reverse.ts     reverse mode: the chain rule, applied once
 *   simplify.ts    local rewrites (+ poly.ts, the elementwise normal form); assumptions.ts
 *   steps.ts       the derivation step by step; print/ text, LaTeX, NumPy
 *   eval.ts, verify.ts   float64 evaluation and the finite-difference check
 *   from-expr.ts, from-graph.ts   front ends' expressions and traced graphs → expr
 *
 * Assumptions. The result never relies on anything the input does not guarantee. The
 * gradient shown is the general one — for the seed, (Diag(Y·1)·S − Y)·Aᵀ·Bᵀ — and the
 * last step says what it becomes if the rows of Y sum to 1. A user states an assumption
 * with `--assume` (the `assume` option): "rows of Y sum to 1", "Y is one-hot" (the same,
 * with one-hot draws in the check) or "B is symmetric". Then the simpler form is the
 * gradient, the assumption is listed in `assumptions`, and the general form stays as a
 * step; both are checked numerically (the simple one at inputs that satisfy the
 * assumption). Code that builds Y = eye(K)[y] guarantees it, and deriveFromGraph uses it.
 */
import { isProblem, parseMathExpression } from '../frontends/math/index';
import { type Assumption, ASSUMPTION_FORMS, checkAssumption, parseAssumption } from './assumptions';
import { type DeriveError, type DeriveResult, derivation } from './derivation';
import { Exprs, type Node, ShapeError, type Shape2, variablesOf } from './expr';
import { ConvertError, fromProgramExpr } from './from-expr';

export type { DeriveError, DeriveResult } from './derivation';
export type { Step } from './steps';
export { deriveFromGraph } from './from-graph';

export interface DeriveOptions {
  /** The variable to differentiate with respect to. */
  wrt: string;
  /** Every input's shape: [R, C], or [R] for a column vector; sizes may be symbols (N). */
  shapes: Record<string, (number | string)[]>;
  /** Stated assumptions, e.g. "rows of Y sum to 1", "Y is one-hot", "B is symmetric". */
  assume?: string[];
  /** Sizes for symbols in the numeric check (default: small distinct sizes). */
  dims?: Record<string, number>;
  /** 'full' checks at the given sizes however large; 'auto' shrinks large ones. */
  verify?: 'auto' | 'full';
  /** The loss's name in the printed result (default E). */
  lossName?: string;
}

const fail = (reason: DeriveError['reason'], error: string): DeriveError => ({ ok: false, reason, error });

/** A shape option as a matrix shape: [R] is a column vector. */
export function matrixShape(name: string, dims: readonly (number | string)[]): Shape2 | string {
  if (dims.length === 1) return [dims[0], 1];
  if (dims.length === 2) return [dims[0], dims[1]];
  if (dims.length === 0) return [1, 1];
  return `${name} has ${dims.length} dimensions; matrix calculus here is for matrices and vectors`;
}

/** dE/d(wrt) of a math-notation expression, e.g. derive('-sum(Y .* log(softmax(C*B*A)))', { wrt: 'C', shapes }). */
export function derive(expr: string, options: DeriveOptions): DeriveResult | DeriveError {
  const parsed = parseMathExpression(expr);
  if (isProblem(parsed)) return fail('input', `cannot read the expression: ${parsed.message}`);
  const x = new Exprs();
  const vars = new Map<string, Node>();
  for (const [name, dims] of Object.entries(options.shapes)) {
    const shape = matrixShape(name, dims);
    if (typeof shape === 'string') return fail('input', shape);
    vars.set(name, x.variable(name, shape));
  }
  let loss: Node;
  try {
    loss = fromProgramExpr(x, parsed, vars);
  } catch (err) {
    if (err instanceof ShapeError) return fail('input', `the expression does not fit the shapes: ${err.message}`);
    if (err instanceof ConvertError) return fail(err.reason === 'input' ? 'input' : 'derive', err.message);
    throw err;
  }
  const wrt = vars.get(options.wrt);
  if (!wrt) return fail('input', `no shape for ${options.wrt}: give one with --shape ${options.wrt}=RxC`);
  if (!variablesOf(loss).includes(wrt)) return fail('input', `the expression does not use ${options.wrt}`);
  const assumptions: Assumption[] = [];
  for (const s of options.assume ?? []) {
    const a = parseAssumption(s);
    if (!a) return fail('input', `cannot read the assumption "${s}"; the forms understood are: ${ASSUMPTION_FORMS.map((f) => `"${f}"`).join(', ')}`);
    const problem = checkAssumption(a, vars);
    if (problem) return fail('input', problem);
    assumptions.push(a);
  }
  const lossName = options.lossName ?? (vars.has('E') ? 'f' : 'E');
  try {
    return derivation(x, loss, wrt, { lossName, assumptions, dims: options.dims, verify: options.verify });
  } catch (err) {
    if (err instanceof ShapeError) return fail('derive', `cannot differentiate: ${err.message}`);
    if (err instanceof Error && /^cannot differentiate/.test(err.message)) return fail('derive', err.message);
    throw err;
  }
}
