import type { Analysis, AnalyzeOptions } from '../analysis';
import type { Problem } from '../ir/problem';
import type { Span } from '../ir/span';

export type Verdict = 'correct' | 'wrong' | 'unchecked';
export type Mistake = 'transposed' | 'scaled' | 'sign-flipped' | 'wrong-axis' | 'missing-term' | 'extra-term' | 'scaled-term' | 'wrong-shape' | 'shape-error' | 'wrong';

/** One element where a hand-written gradient and the reference differ. */
export interface WorstElement {
  index: number[];
  hand: number;
  reference: number;
}

/** The verdict on one hand-written gradient (the `check --json` contract, plus span and details). */
export interface GradientVerdict {
  /** The gradient's name as written: `dW2`, `grads['W1']`. */
  name: string;
  /** The variable it is the gradient of (at the point where it is assigned). */
  wrt: string | null;
  /** 1-based line of the assignment that was checked. */
  line: number;
  span: Span;
  verdict: Verdict;
  mistake: Mistake | null;
  /** For `scaled`: what the hand gradient must be multiplied by to be right (reference / hand); for `scaled-term`, what its wrong term must be. */
  factor: number | null;
  /** max |hand − reference| over the elements. */
  maxAbsError: number | null;
  /** maxAbsError relative to the largest reference entry (elementwise ratios blow up near zero). */
  maxRelError: number | null;
  message: string;
  /** For wrong gradients: the elements that differ most. */
  worst?: WorstElement[];
  /**
   * For wrong gradients of at most MAX_VALUES_ELEMENTS elements whose values line up with
   * the reference (same size, not transposed): both, flat and row-major in `shape`, for a
   * heat map of analytic − reference.
   */
  values?: { analytic: number[]; reference: number[]; shape: number[] };
}

export interface CheckSettings {
  /** The precision of the referee the verdicts rest on. */
  precision: 'float64' | 'float32';
  /** Elementwise tolerance: |hand − reference| ≤ atol·max|reference| + rtol·|reference|. */
  rtol: number;
  atol: number;
  ms: number;
  /** What computed the autodiff reference (backend, threads), when TensorFlow.js loaded. */
  autodiff?: string;
}

export interface CheckResult {
  analysis: Analysis;
  /** Name of the loss the gradients are taken of. */
  loss: string | null;
  gradients: GradientVerdict[];
  /** The check's own problems (one per verdict, no-loss, too-large, ...); analysis.problems stay apart. */
  problems: Problem[];
  check: CheckSettings;
}

export interface CheckOptions extends AnalyzeOptions {
  signal?: AbortSignal;
  /** Folder with the tfjs-backend-wasm .wasm files (dist/ in the extension). */
  tfWasmDir?: string;
  /** Size of symbolic dims nothing else fixes (default 8). */
  defaultBatch?: number;
  /** Tensor elements a check may hold (default 50e6); over it, the check runs at reduced sizes (a 'reduced-size' problem says which) or not at all. */
  elementBudget?: number;
  /** Multiply-adds one float64 evaluation of the forward pass may cost (default 1.5e8; see DEFAULT_WORK_BUDGET); over it, as for elementBudget. */
  workBudget?: number;
  /** Stop checking (the rest stays unchecked) after this many milliseconds (default 60 s). */
  timeBudgetMs?: number;
  /** Seed of the leaf values and random directions (default 0). */
  seed?: number;
}
