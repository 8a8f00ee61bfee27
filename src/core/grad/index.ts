/**
 * Symbolic gradients in matrix notation (issue 4, "Derive Gradient").
 *
 *   expr.ts        the matrix-expression type (hash-consed DAG, shapes)
 *   rules.ts       one matrix-calculus rule per op: differential and adjoint
 *   reverse.ts     reverse mode: the chain rule, applied once
 *   simplify.ts    local rewrites (+ poly.ts, the elementwise normal form); assumptions.ts
 *   steps.ts       the derivation step by step; print/ text, LaTeX, NumPy
 *   eval.ts, verify.ts   float64 evaluation and the finite-difference check
 *   from-graph.ts  a traced graph → expr: code, notes and derive()'s expressions (traced as a note)
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
import type { Problem } from '../ir/problem';
import type { Dim } from '../shapes/dim';
import { blockingProblems, traceExpression } from '../trace/expression';
import type { DeriveError, DeriveResult } from './derivation';
import type { Shape2 } from './expr';
import { deriveFromGraph } from './from-graph';

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
  /** The loss's name in the printed result (default E, or the name written in `L = …`). */
  lossName?: string;
}

const fail = (reason: DeriveError['reason'], error: string, span?: Problem['span']): DeriveError => ({ ok: false, reason, error, ...(span ? { span } : {}) });

/** A shape option as a matrix shape: [R] is a column vector. */
export function matrixShape(name: string, dims: readonly (number | string)[]): Shape2 | string {
  if (dims.length === 1) return [dims[0], 1];
  if (dims.length === 2) return [dims[0], dims[1]];
  if (dims.length === 0) return [1, 1];
  return `${name} has ${dims.length} dimensions; matrix calculus here is for matrices and vectors`;
}

/**
 * An expression's graph is read with the ops' own rules, without the idioms code needs: it is
 * checked against the expression read from it at small sizes only, where that costs little
 * next to the derivation (the seed's B alone is 1568×1024).
 */
const EXPRESSION_CROSS_CHECK_ELEMENTS = 1e5;

/**
 * dE/d(wrt) of a math-notation expression, e.g. derive('-sum(Y .* log(softmax(C*B*A)))', { wrt: 'C', shapes }):
 * traced like a note declaring the shapes, then derived from the graph as the editor derives code.
 */
export function derive(expr: string, options: DeriveOptions): DeriveResult | DeriveError {
  const shapes: Record<string, readonly Dim[]> = {};
  for (const [name, dims] of Object.entries(options.shapes)) {
    const shape = matrixShape(name, dims);
    if (typeof shape === 'string') return fail('input', shape);
    // A 1×1 is a scalar, as `s: 1` declares one in a note: s*A scales A.
    shapes[name] = shape[0] === 1 && shape[1] === 1 ? [] : shape;
  }
  if (!(options.wrt in shapes)) return fail('input', `no shape for ${options.wrt}: give one with --shape ${options.wrt}=RxC`);
  const traced = traceExpression(expr, shapes, options.dims, options.lossName ?? ('E' in shapes ? 'f' : 'E'));
  // A name without a shape is an error here (a note reads it as data shaped like what it meets), but for a size (÷ N): a scalar.
  const sizes = new Set(Object.values(shapes).flatMap((dims) => dims.filter((d) => typeof d === 'string')));
  const unshaped = (p: Problem) => p.code === 'unknown-shape' && !sizes.has(expr.slice(p.span.start, p.span.end));
  const blocking = traced.problems.filter((p) => unshaped(p) || blockingProblems([p]).length);
  if (blocking.length) return traceFailure(blocking[0], expr);
  if (!traced.graph.names.has(traced.output)) return fail('input', `the expression does not use ${options.wrt}`);
  return deriveFromGraph(traced.graph, traced.output, options.wrt, { assume: options.assume, dims: options.dims, verify: options.verify, crossCheckElements: EXPRESSION_CROSS_CHECK_ELEMENTS });
}

/** What the trace could not read, said for the command line: a name without a shape, shapes that do not fit, an op without a rule. */
function traceFailure(p: Problem, expr: string): DeriveError {
  switch (p.code) {
    case 'syntax-error':
    case 'too-deep':
      return fail('input', `cannot read the expression: ${p.message}`, p.span);
    case 'undefined-name':
    case 'unknown-shape': {
      const name = expr.slice(p.span.start, p.span.end);
      return fail('input', `no shape for \`${name}\`: give one with --shape ${name}=RxC`, p.span);
    }
    case 'unsupported-op': {
      const name = /`([^`]+)`/.exec(p.message)?.[1];
      return fail('derive', name ? `cannot differentiate \`${name}\`: Grad Lens has no rule for it` : `cannot differentiate: ${p.message}`, p.span);
    }
    default: {
      // The expression is one line: the operands' `(line 1)` says nothing.
      const message = expr.includes('\n') ? p.message : p.message.replaceAll(' (line 1)', '');
      return fail(p.severity === 'error' ? 'input' : 'derive', `the expression does not fit the shapes: ${message}`, p.span);
    }
  }
}
