/**
 * The heavy work of the editor commands (the numeric check, the symbolic derivation, the
 * Jacobian structure) runs in a worker thread, so the extension host stays responsive and
 * Cancel can stop a check at once (the worker is terminated). These are the messages
 * between the host and that worker: plain data, ready-made panel payloads. vscode-free.
 */
import type { CellLayout, Differentiable, Problem } from '../../core/index';
import type { CheckPayload, DerivationPayload, DocumentRef, JacobianPayload } from '../../protocol/messages';

/** What every task analyzes first: the document's text and the analyzer's options. */
export interface TaskInput {
  text: string;
  /** The editor's language id ('python', 'markdown', ...); the core picks the front end. */
  languageId: string;
  fileName?: string;
  /** Offsets of the selection; the whole text when absent. */
  range?: { start: number; end: number };
  dims: Record<string, number>;
  /** gradLens.loopBudget. */
  loopBudget?: number;
  /** The folder with the parser's and tfjs's .wasm files (the extension's dist/). */
  wasmDir: string;
  /** The text is a notebook's code cells joined: where each cell is in it. */
  cells?: CellLayout;
}

export interface CheckRequest {
  task: 'check';
  input: TaskInput;
  doc: DocumentRef | null;
  defaultBatch: number;
  elementBudget: number;
  /** Absent: the core's default. */
  workBudget?: number;
  timeBudgetMs?: number;
}

export interface JacobianRequest {
  task: 'jacobian';
  input: TaskInput;
  /** The input chosen in the panel; the first input when null or no longer there. */
  wrt: string | null;
  /**
   * False: structure, sizes and formulas only, in milliseconds; the sparsity pictures can
   * take seconds for a conv net, so the panel asks for them in a second pass.
   */
  pictures: boolean;
}

export interface DeriveRequest {
  task: 'derive';
  input: TaskInput;
  wrt: string;
}

export interface VariablesRequest {
  task: 'variables';
  input: TaskInput;
}

export type TaskRequest = CheckRequest | JacobianRequest | DeriveRequest | VariablesRequest;

/** A Problem without its quick fixes (they stay with the analyzer's diagnostics). */
export type PlainProblem = Pick<Problem, 'code' | 'severity' | 'span' | 'message' | 'related'>;

export interface CheckOutput {
  payload: CheckPayload;
  /** The check's own problems: one per verdict on its line, and no-loss, too-large, ... */
  problems: PlainProblem[];
  counts: { correct: number; wrong: number; unchecked: number };
  loss: string | null;
  /** What the output channel should say: settings, timings, one line per verdict. */
  log: string[];
  ms: number;
}

export interface JacobianOutput {
  /** Null when the code has nothing to take a Jacobian of. */
  payload: JacobianPayload | null;
  wrt: string | null;
  ms: number;
}

export interface DeriveOutput {
  payload: DerivationPayload;
  ok: boolean;
  /** dE/dC = ... as text, or why there is none. */
  summary: string;
  /** `\frac{\partial E}{\partial C} = ...`, as the panel's Copy as LaTeX gives it. */
  latex: string | null;
  numpy: string | null;
  log: string[];
  ms: number;
}

export type VariablesOutput = Differentiable;

export type OutputOf<R extends TaskRequest> = R extends CheckRequest
  ? CheckOutput
  : R extends JacobianRequest
    ? JacobianOutput
    : R extends DeriveRequest
      ? DeriveOutput
      : VariablesOutput;

/** host → worker */
export interface WorkerCall {
  id: number;
  request: TaskRequest;
}

/** worker → host: 'ready' once the core is loaded, then one reply per call. */
export type WorkerReply = { id: 0; ready: true } | { id: number; ok: true; output: unknown } | { id: number; ok: false; name: string; error: string };
