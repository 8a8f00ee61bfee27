/**
 * The panel's protocol: every message between the extension host and the webview, as
 * one discriminated union per direction, and the validators both sides run on arrival.
 * Payloads are plain data (strings, finite numbers, null, arrays, objects) so they
 * survive postMessage's JSON round trip unchanged; non-finite numbers are sent as null.
 */
import {
  arr,
  bool,
  int,
  nullable,
  num,
  obj,
  oneOf,
  pair,
  either,
  refine,
  str,
  tagged,
  validate,
  type Parsed,
  type Schema,
} from './schema';

/** Bounds on what one message may carry; anything larger is a bug or an attack, and is dropped. */
export const LIMITS = {
  name: 200,
  message: 10_000,
  /** LaTeX, text and NumPy forms of a derivation. */
  code: 200_000,
  uri: 4_096,
  rank: 16,
  layers: 20_000,
  problems: 5_000,
  marksPerRow: 50,
  inputsPerLayer: 64,
  chainNodes: 200,
  bindings: 500,
  options: 500,
  perOp: 500,
  patternNonzeros: 250_000,
  steps: 500,
  assumptions: 50,
  gradients: 1_000,
  worst: 100,
  heatmapCells: 256 * 256,
  clipboard: 1_000_000,
  noteLines: 2_000,
} as const;

// ───────────────────────────── shared pieces ─────────────────────────────

/** A known size or a symbol ('N', '2*N', '?'), as in the core. */
export type Dim = number | string;
export type Shape = Dim[];

/** 1-based lines and columns, end exclusive, as the CLI prints them; in a notebook, within the cell. */
export interface SourceRange {
  /** In a notebook: the cell's index among all cells (0-based); null in a file. */
  cell: number | null;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface DocumentRef {
  /** vscode.Uri.toString() of the analysed document: where a row click leads. */
  uri: string;
  /** The file name for the header. */
  name: string;
  version: number;
  languageId: string;
}

export type Severity = 'error' | 'warning' | 'info';

export interface ProblemItem {
  code: string;
  severity: Severity;
  message: string;
  range: SourceRange;
}

// ───────────────────────────── analysis: layers and chain ─────────────────────────────

export interface LayerInput {
  name: string;
  shape: Shape | null;
}

export interface LayerRow {
  name: string;
  op: string;
  range: SourceRange;
  inputs: LayerInput[];
  shape: Shape | null;
  params: number | null;
  /** Problems whose range overlaps the row's statement. */
  marks: { severity: Severity; message: string }[];
}

/** One box of the chain diagram; the edge after it carries `shape`. */
export interface ChainNode {
  /** What the box says: 'C', '·B', 'A·', 'softmax', 'cross-entropy'. */
  label: string;
  op: string;
  /** Tooltip: the full expression or the operand's name and shape. */
  detail: string;
  shape: Shape | null;
  range: SourceRange | null;
}

export interface AnalysisPayload {
  document: DocumentRef | null;
  /** The analysed lines when a selection restricted the analysis. */
  lines: { start: number; end: number } | null;
  layers: LayerRow[];
  problems: ProblemItem[];
  chain: ChainNode[];
  /** Symbol values known during the analysis (N = 64). */
  bindings: { name: string; value: number }[];
  ms: number | null;
}

// ───────────────────────────── Jacobian structure ─────────────────────────────

export type VecOrder = 'row-major' | 'column-major';

/** The classes the op table's rules name; other strings are shown as they are. */
export const JACOBIAN_CLASSES = [
  'zero',
  'diagonal',
  'permutation',
  'block-diagonal',
  'kronecker',
  'diagonal-plus-low-rank',
  'sparse',
  'dense',
] as const;

export interface SparsityPattern {
  /** The pattern's own size: the small dims it was materialised at. */
  rows: number;
  cols: number;
  /** The shapes at those dims, to label a row or column with the element it stands for. */
  outputShape: number[];
  inputShape: number[];
  /** Structural nonzeros [row, col], 0-based, in the entry's vec order. */
  nonzeros: [number, number][];
  /** Numeric values at the nonzeros (same order), when a numeric Jacobian was computed. */
  values: (number | null)[] | null;
}

export interface JacobianEntry {
  /** Stable key for selection: 'chain' or the op's node id. */
  id: string;
  op: string | null;
  range: SourceRange | null;
  outputName: string;
  inputName: string;
  /** ∂vec(F)/∂vec(X)ᵀ with the names typeset by the core, as text and LaTeX. */
  title: { text: string; latex: string };
  outputShape: Shape;
  inputShape: Shape;
  rowsFormula: string;
  colsFormula: string;
  /** Size at the current dims; null while a symbol has no value. */
  rows: number | null;
  cols: number | null;
  vec: VecOrder;
  structure: string;
  formula: { text: string; latex: string };
  density: number | null;
  pattern: SparsityPattern | null;
  /** Why there is no pattern, or at which dims it was drawn. */
  patternNote: string | null;
  /** "N blocks of 10 × 1568, each diagonal-plus-low-rank", for block structures. */
  blocks: string | null;
  /** One sentence the reader needs: the other vec order's view, an assumption. */
  note: string | null;
}

export interface JacobianPayload {
  of: string;
  wrt: string;
  /** The inputs the chain's Jacobian can be taken with respect to (the dropdown). */
  wrtOptions: string[];
  chain: JacobianEntry | null;
  perOp: JacobianEntry[];
  /** The symbol values the concrete sizes and pictures use (N = 8). */
  dims: { name: string; value: number }[];
  message: string | null;
}

// ───────────────────────────── symbolic derivation ─────────────────────────────

export type Precision = 'float64' | 'float32';

export interface DerivationStep {
  text: string;
  latex: string;
}

export interface DerivationPayload {
  of: string;
  wrt: string;
  wrtOptions: string[];
  /** verified: checked against autodiff; unverified: could not be checked; failed: no result. */
  status: 'verified' | 'unverified' | 'failed';
  gradient: { text: string; latex: string; numpy: string } | null;
  /** ∂E/∂X with the names typeset by the core: what the gradient is written after. */
  derivative: { text: string; latex: string } | null;
  steps: DerivationStep[];
  assumptions: string[];
  verified: { maxRelError: number | null; precision: Precision } | null;
  message: string | null;
}

// ───────────────────────────── numeric check ─────────────────────────────

export type Verdict = 'correct' | 'wrong' | 'unchecked';
export const MISTAKES = ['transposed', 'scaled', 'sign-flipped', 'wrong-axis', 'missing-term', 'extra-term', 'scaled-term', 'wrong-shape', 'shape-error', 'wrong'] as const;
export type Mistake = (typeof MISTAKES)[number];

export interface WorstElement {
  index: number[];
  analytic: number | null;
  numeric: number | null;
}

/** analytic − numeric over a matrix view of the gradient (pooled when large). */
export interface HeatMap {
  rows: number;
  cols: number;
  /** Row-major, rows × cols; null where a value was not finite. */
  values: (number | null)[];
  /** How many gradient elements one cell stands for along each axis (1 when not pooled). */
  rowStride: number;
  colStride: number;
  /** The gradient's shape, for the caption. */
  shape: number[];
}

export interface GradientCheck {
  name: string;
  wrt: string | null;
  range: SourceRange | null;
  verdict: Verdict;
  mistake: Mistake | null;
  factor: number | null;
  maxAbsError: number | null;
  maxRelError: number | null;
  message: string;
  worst: WorstElement[];
  heatmap: HeatMap | null;
}

export interface CheckPayload {
  document: DocumentRef | null;
  loss: string | null;
  gradients: GradientCheck[];
  check: { precision: Precision; rtol: number; atol: number; ms: number } | null;
  message: string | null;
}

// ───────────────────────────── a note in math notation ─────────────────────────────

/** An equation of the note, typeset by the core as the note wrote it, with the shape Grad Lens read for its left side. */
export interface NoteEquation {
  name: string;
  shape: Shape | null;
  text: string;
  latex: string;
  range: SourceRange;
}

/** A line of the note's own derivation: a derivative it states, or a link of a chain of differentials. */
export interface NoteDerivationLine {
  /** What the line is about: `∂E/∂C`, or `dE` for each link of `dE = … = …`. */
  states: string;
  text: string;
  latex: string;
  range: SourceRange;
}

export interface NotePayload {
  document: DocumentRef;
  equations: NoteEquation[];
  derivation: NoteDerivationLine[];
  /** The derivatives the note states (loss and variable): what Grad Lens derives beside them. */
  claims: { loss: string; wrt: string }[];
}

// ───────────────────────────── progress and notices ─────────────────────────────

export interface ProgressPayload {
  id: string;
  title: string;
  message: string | null;
  /** 0..1, or null for an indeterminate bar. */
  fraction: number | null;
  cancellable: boolean;
}

export interface Notice {
  level: Severity;
  text: string;
}

export type SectionId = 'note' | 'layers' | 'gradients' | 'jacobian' | 'check';
export const SECTIONS: readonly SectionId[] = ['note', 'layers', 'gradients', 'jacobian', 'check'];

/** Commands the panel's empty states may run; the host maps them to its command ids. */
export type PanelCommand = 'analyzeSelection' | 'checkGradients' | 'deriveGradient';

// ───────────────────────────── the two directions ─────────────────────────────

export type HostToWebview =
  | { type: 'analysis/show'; payload: AnalysisPayload }
  | { type: 'jacobian/show'; payload: JacobianPayload }
  | { type: 'derivation/show'; payload: DerivationPayload }
  | { type: 'check/show'; payload: CheckPayload }
  /** null: what the panel follows is not a note. */
  | { type: 'note/show'; payload: NotePayload | null }
  | { type: 'progress/show'; payload: ProgressPayload }
  | { type: 'progress/hide'; id: string }
  | { type: 'notice/show'; payload: Notice }
  | { type: 'panel/focus'; section: SectionId }
  | { type: 'panel/reset' };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'reveal'; uri: string; range: SourceRange }
  | { type: 'clipboard/write'; text: string; format: 'latex' | 'numpy' | 'text' }
  | { type: 'progress/cancel'; id: string }
  | { type: 'jacobian/select'; wrt: string }
  | { type: 'derivation/select'; wrt: string }
  | { type: 'command/run'; command: PanelCommand }
  | { type: 'log'; level: Severity; message: string };

// ───────────────────────────── validators ─────────────────────────────

const name = str({ max: LIMITS.name });
const text = str({ max: LIMITS.message });
const code = str({ max: LIMITS.code });
const severity = oneOf('error', 'warning', 'info');
const precision = oneOf('float64', 'float32');
const maybeNumber = nullable(num());

const dim: Schema<Dim> = either(int(0), str({ max: LIMITS.name, min: 1 }));
const shape: Schema<Shape> = arr(dim, LIMITS.rank);
const concreteShape: Schema<number[]> = arr(int(0), LIMITS.rank);

const sourceRange: Schema<SourceRange> = refine(
  obj({ cell: nullable(int(0)), line: int(1), column: int(1), endLine: int(1), endColumn: int(1) }),
  (r) => (r.endLine < r.line || (r.endLine === r.line && r.endColumn < r.column) ? 'range ends before it starts' : null),
);

const documentRef: Schema<DocumentRef> = obj({
  uri: str({ max: LIMITS.uri, min: 1 }),
  name,
  version: int(0),
  languageId: name,
});

const problemItem: Schema<ProblemItem> = obj({ code: name, severity, message: text, range: sourceRange });

const layerRow: Schema<LayerRow> = obj({
  name,
  op: name,
  range: sourceRange,
  inputs: arr(obj({ name, shape: nullable(shape) }), LIMITS.inputsPerLayer),
  shape: nullable(shape),
  params: nullable(int(0)),
  marks: arr(obj({ severity, message: text }), LIMITS.marksPerRow),
});

const chainNode: Schema<ChainNode> = obj({
  label: name,
  op: name,
  detail: text,
  shape: nullable(shape),
  range: nullable(sourceRange),
});

export const analysisPayload: Schema<AnalysisPayload> = obj({
  document: nullable(documentRef),
  lines: nullable(
    refine(obj({ start: int(1), end: int(1) }), (l) => (l.end < l.start ? 'lines end before they start' : null)),
  ),
  layers: arr(layerRow, LIMITS.layers),
  problems: arr(problemItem, LIMITS.problems),
  chain: arr(chainNode, LIMITS.chainNodes),
  bindings: arr(obj({ name, value: int(0) }), LIMITS.bindings),
  ms: nullable(num({ min: 0 })),
});

const sparsityPattern: Schema<SparsityPattern> = refine(
  obj({
    rows: int(0),
    cols: int(0),
    outputShape: concreteShape,
    inputShape: concreteShape,
    nonzeros: arr(pair(int(0), int(0)), LIMITS.patternNonzeros),
    values: nullable(arr(maybeNumber, LIMITS.patternNonzeros)),
  }),
  (p) => {
    if (p.values && p.values.length !== p.nonzeros.length) return 'values and nonzeros differ in length';
    for (const [i, j] of p.nonzeros) if (i >= p.rows || j >= p.cols) return `nonzero [${i}, ${j}] outside ${p.rows} × ${p.cols}`;
    return null;
  },
);

const jacobianEntry: Schema<JacobianEntry> = obj({
  id: name,
  op: nullable(name),
  range: nullable(sourceRange),
  outputName: name,
  inputName: name,
  title: obj({ text: code, latex: code }),
  outputShape: shape,
  inputShape: shape,
  rowsFormula: name,
  colsFormula: name,
  rows: nullable(int(0)),
  cols: nullable(int(0)),
  vec: oneOf('row-major', 'column-major'),
  structure: str({ max: 60, pattern: /^[a-z][a-z0-9-]*$/ }),
  formula: obj({ text: code, latex: code }),
  density: nullable(num({ min: 0, max: 1 })),
  pattern: nullable(sparsityPattern),
  patternNote: nullable(text),
  blocks: nullable(text),
  note: nullable(text),
});

export const jacobianPayload: Schema<JacobianPayload> = obj({
  of: name,
  wrt: name,
  wrtOptions: arr(name, LIMITS.options),
  chain: nullable(jacobianEntry),
  perOp: arr(jacobianEntry, LIMITS.perOp),
  dims: arr(obj({ name, value: int(0) }), LIMITS.bindings),
  message: nullable(text),
});

export const derivationPayload: Schema<DerivationPayload> = obj({
  of: name,
  wrt: name,
  wrtOptions: arr(name, LIMITS.options),
  status: oneOf('verified', 'unverified', 'failed'),
  gradient: nullable(obj({ text: code, latex: code, numpy: code })),
  derivative: nullable(obj({ text: code, latex: code })),
  steps: arr(obj({ text: code, latex: code }), LIMITS.steps),
  assumptions: arr(text, LIMITS.assumptions),
  verified: nullable(obj({ maxRelError: maybeNumber, precision })),
  message: nullable(text),
});

const heatMap: Schema<HeatMap> = refine(
  obj({
    rows: int(1),
    cols: int(1),
    values: arr(maybeNumber, LIMITS.heatmapCells),
    rowStride: int(1),
    colStride: int(1),
    shape: concreteShape,
  }),
  (h) => (h.values.length !== h.rows * h.cols ? `values hold ${h.values.length} cells, not ${h.rows} × ${h.cols}` : null),
);

const gradientCheck: Schema<GradientCheck> = obj({
  name,
  wrt: nullable(name),
  range: nullable(sourceRange),
  verdict: oneOf('correct', 'wrong', 'unchecked'),
  mistake: nullable(oneOf(...MISTAKES)),
  factor: maybeNumber,
  maxAbsError: maybeNumber,
  maxRelError: maybeNumber,
  message: text,
  worst: arr(obj({ index: arr(int(0), LIMITS.rank), analytic: maybeNumber, numeric: maybeNumber }), LIMITS.worst),
  heatmap: nullable(heatMap),
});

export const checkPayload: Schema<CheckPayload> = obj({
  document: nullable(documentRef),
  loss: nullable(name),
  gradients: arr(gradientCheck, LIMITS.gradients),
  check: nullable(obj({ precision, rtol: num({ min: 0 }), atol: num({ min: 0 }), ms: num({ min: 0 }) })),
  message: nullable(text),
});

const noteEquation: Schema<NoteEquation> = obj({ name, shape: nullable(shape), text: code, latex: code, range: sourceRange });
const noteDerivationLine: Schema<NoteDerivationLine> = obj({ states: name, text: code, latex: code, range: sourceRange });

export const notePayload: Schema<NotePayload> = obj({
  document: documentRef,
  equations: arr(noteEquation, LIMITS.noteLines),
  derivation: arr(noteDerivationLine, LIMITS.noteLines),
  claims: arr(obj({ loss: name, wrt: name }), LIMITS.options),
});

export const progressPayload: Schema<ProgressPayload> = obj({
  id: name,
  title: text,
  message: nullable(text),
  fraction: nullable(num({ min: 0, max: 1 })),
  cancellable: bool,
});

const notice: Schema<Notice> = obj({ level: severity, text });
export const sectionId = oneOf(...SECTIONS);

export const hostToWebview: Schema<HostToWebview> = tagged<HostToWebview>({
  'analysis/show': obj({ type: oneOf('analysis/show'), payload: analysisPayload }),
  'jacobian/show': obj({ type: oneOf('jacobian/show'), payload: jacobianPayload }),
  'derivation/show': obj({ type: oneOf('derivation/show'), payload: derivationPayload }),
  'check/show': obj({ type: oneOf('check/show'), payload: checkPayload }),
  'note/show': obj({ type: oneOf('note/show'), payload: nullable(notePayload) }),
  'progress/show': obj({ type: oneOf('progress/show'), payload: progressPayload }),
  'progress/hide': obj({ type: oneOf('progress/hide'), id: name }),
  'notice/show': obj({ type: oneOf('notice/show'), payload: notice }),
  'panel/focus': obj({ type: oneOf('panel/focus'), section: sectionId }),
  'panel/reset': obj({ type: oneOf('panel/reset') }),
});

export const webviewToHost: Schema<WebviewToHost> = tagged<WebviewToHost>({
  ready: obj({ type: oneOf('ready') }),
  reveal: obj({ type: oneOf('reveal'), uri: str({ max: LIMITS.uri, min: 1 }), range: sourceRange }),
  'clipboard/write': obj({
    type: oneOf('clipboard/write'),
    text: str({ max: LIMITS.clipboard }),
    format: oneOf('latex', 'numpy', 'text'),
  }),
  'progress/cancel': obj({ type: oneOf('progress/cancel'), id: name }),
  'jacobian/select': obj({ type: oneOf('jacobian/select'), wrt: name }),
  'derivation/select': obj({ type: oneOf('derivation/select'), wrt: name }),
  'command/run': obj({ type: oneOf('command/run'), command: oneOf('analyzeSelection', 'checkGradients', 'deriveGradient') }),
  log: obj({ type: oneOf('log'), level: severity, message: text }),
});

export function parseHostToWebview(data: unknown): Parsed<HostToWebview> {
  return validate(hostToWebview, data);
}

export function parseWebviewToHost(data: unknown): Parsed<WebviewToHost> {
  return validate(webviewToHost, data);
}

/** For the `default:` of an exhaustive switch: a new message type that is not handled fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled message ${JSON.stringify(value)}`);
}

/** What a log line may say about a message that was dropped, without dumping it whole. */
export function describeMessage(data: unknown): string {
  if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') {
    return `type "${String((data as { type: string }).type).slice(0, 60)}"`;
  }
  return data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data;
}

export { validate };
