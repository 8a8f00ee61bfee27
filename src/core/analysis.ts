import type { CellLayout } from './ir/cells';
import type { Graph } from './ir/graph';
import type { Problem } from './ir/problem';
import type { Language, Program } from './ir/program';
import type { LineIndex, Span } from './ir/span';
import type { Shape } from './shapes/dim';

export interface AnalyzeOptions {
  language: Language;
  fileName?: string;
  /** Analyze only the statements overlapping this span (the selection); the whole text when absent. */
  range?: Span;
  /** Known sizes for symbols (`--dims N=64`, `gradLens.dims`). */
  dims?: Record<string, number>;
  /** The longest `for` loop unrolled (`gradLens.loopBudget`); a longer one is traced once. */
  loopBudget?: number;
  /** Folder holding the parser's .wasm files (dist/ in the extension). */
  wasmDir?: string;
  /** The text is a notebook's code cells joined (joinCodeCells): where each cell is in it. */
  cells?: CellLayout;
  /**
   * False: every piece of the text is parsed again, none taken from the last reading
   * (FrontendOptions.reusePieces); the benchmarks time a cold reading with it.
   */
  reusePieces?: boolean;
}

/** One row of the layer table: an assignment, in order. */
export interface Layer {
  name: string;
  op: string;
  span: Span;
  /** 1-based. */
  line: number;
  shape: Shape | null;
  inputs: { name: string; shape: Shape | null }[];
  /** Learnable parameters the statement created (nn.Linear, Dense, Conv2d), if any. */
  params: number | null;
}

/** Where a name occurs and its shape there, for hovers. */
export interface Occurrence {
  span: Span;
  name: string;
  shape: Shape | null;
}

export interface Analysis {
  language: Language;
  text: string;
  lines: LineIndex;
  /** Read again from the text on first use: analyze lets each statement go once it is traced. */
  readonly program: Program;
  layers: Layer[];
  problems: Problem[];
  occurrences: Occurrence[];
  graph: Graph;
  /** Symbol values learned while tracing (N = 64 from a constructor). */
  bindings: Record<string, number>;
  /** Where each symbol was first met (1-based line), and what introduced it: `the annotation of x`. */
  symbols: Record<string, { line: number; where: string; source: string }>;
}
