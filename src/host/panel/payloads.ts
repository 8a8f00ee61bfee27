/**
 * Adapters from the core's results to the panel's plain-data payloads. vscode-free so
 * they are unit-tested in Node. Where a core API is still being built (check, derive,
 * jacobian), the `…Source` types below mirror its CLI contract; a core result with those
 * fields can be passed as it is. Every adapter clips strings and arrays to the protocol's
 * LIMITS and turns non-finite numbers into null, so its output always validates.
 */
import type {
  Analysis,
  CheckResult,
  DeriveError,
  DeriveResult,
  Graph,
  GradientVerdict,
  JacobianResult,
  JacobianStructure,
  LineIndex,
  NoteView,
  OpJacobian,
  Problem,
  Span,
} from '../../core/index';
import type { evalDim as CoreEvalDim } from '../../core/index';
import { toRange } from './range';
import {
  LIMITS,
  type AnalysisPayload,
  type CheckPayload,
  type DerivationPayload,
  type DocumentRef,
  type GradientCheck,
  type HeatMap,
  type JacobianEntry,
  type JacobianPayload,
  type LayerRow,
  type Mistake,
  type NotePayload,
  type Precision,
  type ProblemItem,
  type Shape,
  type SourceRange,
  type SparsityPattern,
  type Verdict,
} from '../../protocol/messages';
import { chainOf, type Patterns } from './chain';

// ───────────────────────────── helpers ─────────────────────────────

export function clip(s: string, max: number = LIMITS.message): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export { toRange };

export function finiteOrNull(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

export function toShape(shape: readonly (number | string)[] | null | undefined): Shape | null {
  if (!shape || shape.length > LIMITS.rank) return null;
  return shape.map((d) => (typeof d === 'number' && Number.isInteger(d) && d >= 0 ? d : clip(String(d) || '?', LIMITS.name)));
}

/** Works with a vscode.TextDocument without importing vscode. */
export function documentRef(doc: { uri: { toString(): string }; fileName: string; version: number; languageId: string }): DocumentRef {
  const name = doc.fileName.split(/[\\/]/).pop() || doc.fileName;
  return { uri: clip(doc.uri.toString(), LIMITS.uri), name: clip(name, LIMITS.name), version: doc.version, languageId: clip(doc.languageId, LIMITS.name) };
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

// ───────────────────────────── analysis ─────────────────────────────

export function toAnalysisPayload(
  patterns: Patterns,
  analysis: Analysis,
  doc: DocumentRef | null,
  opts: { range?: Span; ms?: number } = {},
): AnalysisPayload {
  const { lines } = analysis;
  const problems: ProblemItem[] = analysis.problems.slice(0, LIMITS.problems).map((p) => toProblemItem(p, lines));
  const layers: LayerRow[] = analysis.layers.slice(0, LIMITS.layers).map((layer) => ({
    name: clip(layer.name, LIMITS.name),
    op: clip(layer.op, LIMITS.name),
    range: toRange(lines, layer.span),
    inputs: layer.inputs.slice(0, LIMITS.inputsPerLayer).map((i) => ({ name: clip(i.name, LIMITS.name), shape: toShape(i.shape) })),
    shape: toShape(layer.shape),
    params: layer.params !== null && Number.isInteger(layer.params) && layer.params >= 0 ? layer.params : null,
    marks: analysis.problems
      .filter((p) => overlaps(p.span, layer.span) || (p.span.start === p.span.end && p.span.start >= layer.span.start && p.span.start <= layer.span.end))
      .slice(0, LIMITS.marksPerRow)
      .map((p) => ({ severity: p.severity, message: clip(p.message) })),
  }));
  const bindings = Object.entries(analysis.bindings)
    .filter(([, v]) => Number.isInteger(v) && v >= 0)
    .slice(0, LIMITS.bindings)
    .map(([name, value]) => ({ name: clip(name, LIMITS.name), value }));
  const selected = opts.range ? { start: lines.position(opts.range.start).line, end: lines.position(opts.range.end).line } : null;
  return {
    document: doc,
    lines: selected,
    layers,
    problems,
    chain: chainOf(patterns, analysis.graph, analysis.text, lines),
    bindings,
    ms: opts.ms !== undefined && Number.isFinite(opts.ms) && opts.ms >= 0 ? opts.ms : null,
  };
}

function toProblemItem(p: Problem, lines: LineIndex): ProblemItem {
  return { code: clip(p.code, LIMITS.name), severity: p.severity, message: clip(p.message), range: toRange(lines, p.span) };
}

// ───────────────────────────── Jacobian ─────────────────────────────

/** One Jacobian as jacobianOf(...) describes it (src/core/jacobian/types.ts), the parts the panel reads. */
export type JacobianSource = Pick<JacobianStructure, 'title' | 'rowsFormula' | 'colsFormula' | 'vec' | 'structure' | 'formula' | 'density'> & {
  /** At the current dims; null while a symbol has no value. */
  rows: number | null;
  cols: number | null;
  pattern?: { nonzeros: readonly (readonly [number, number])[] } | null;
  patternOmitted?: string;
  blocks?: JacobianStructure['blocks'];
  note?: string;
};

/** The picture: a pattern materialised at small dims, with the shapes it was taken at. */
export interface PictureSource {
  rows: number;
  cols: number;
  outputShape: readonly number[];
  inputShape: readonly number[];
  nonzeros: readonly (readonly [number, number])[];
  /** Numeric values at the nonzeros, when a numeric Jacobian was computed. */
  values?: readonly number[] | null;
  /** The dims it was drawn at, for the note: { N: 2 }. */
  dims?: Record<string, number>;
}

export interface JacobianMeta {
  id: string;
  outputName: string;
  inputName: string;
  outputShape: readonly (number | string)[];
  inputShape: readonly (number | string)[];
  op?: string | null;
  range?: SourceRange | null;
  /** The picture; by default the source's own pattern, at the source's size and shapes. */
  picture?: PictureSource | null;
  /** Concrete shapes for the default picture's element labels (row-major or not, they must multiply out). */
  concreteOutputShape?: readonly number[] | null;
  concreteInputShape?: readonly number[] | null;
}

export function toJacobianEntry(src: JacobianSource, meta: JacobianMeta): JacobianEntry {
  const outputShape = toShape(meta.outputShape) ?? [];
  const inputShape = toShape(meta.inputShape) ?? [];
  const fits = (shape: readonly number[] | null | undefined, size: number) => !!shape && shape.reduce((a, b) => a * b, 1) === size;
  const fallback: PictureSource | null =
    src.pattern && src.rows !== null && src.cols !== null
      ? {
          rows: src.rows,
          cols: src.cols,
          // A label per element needs the shapes at these dims; without them, flat indices.
          outputShape: fits(meta.concreteOutputShape, src.rows) ? [...meta.concreteOutputShape!] : [src.rows],
          inputShape: fits(meta.concreteInputShape, src.cols) ? [...meta.concreteInputShape!] : [src.cols],
          nonzeros: src.pattern.nonzeros,
        }
      : null;
  const picture = meta.picture === undefined ? fallback : meta.picture;
  const { pattern, note } = toPattern(picture);
  const count = (n: number | null) => (n !== null && Number.isInteger(n) && n >= 0 ? n : null);
  const b = src.blocks;
  return {
    id: clip(meta.id, LIMITS.name),
    op: meta.op ? clip(meta.op, LIMITS.name) : null,
    range: meta.range ?? null,
    outputName: clip(meta.outputName, LIMITS.name),
    inputName: clip(meta.inputName, LIMITS.name),
    title: { text: clip(src.title.text, LIMITS.code), latex: clip(src.title.latex, LIMITS.code) },
    outputShape,
    inputShape,
    rowsFormula: clip(String(src.rowsFormula), LIMITS.name),
    colsFormula: clip(String(src.colsFormula), LIMITS.name),
    rows: count(src.rows),
    cols: count(src.cols),
    vec: src.vec,
    structure: /^[a-z][a-z0-9-]*$/.test(src.structure) ? src.structure.slice(0, 60) : 'sparse',
    formula: { text: clip(src.formula.text, LIMITS.code), latex: clip(src.formula.latex, LIMITS.code) },
    density: Number.isFinite(src.density) ? Math.max(0, Math.min(1, src.density)) : null,
    pattern,
    patternNote: src.patternOmitted ? clip(src.patternOmitted) : note,
    blocks: b ? clip(`${b.countFormula} blocks of ${b.rowsFormula} × ${b.colsFormula}${b.structure ? `, each ${b.structure}` : ''}`) : null,
    note: src.note ? clip(src.note) : null,
  };
}

function toPattern(p: PictureSource | null): { pattern: SparsityPattern | null; note: string | null } {
  if (!p) return { pattern: null, note: null };
  if (p.nonzeros.length > LIMITS.patternNonzeros) {
    return { pattern: null, note: `The pattern has ${p.nonzeros.length} nonzeros, more than the panel draws (${LIMITS.patternNonzeros}).` };
  }
  const valid = p.nonzeros.every(([i, j]) => Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 && i < p.rows && j < p.cols);
  if (!valid) return { pattern: null, note: 'The pattern did not fit its own size and is not drawn.' };
  const dims = p.dims && Object.keys(p.dims).length ? ` at ${Object.entries(p.dims).map(([k, v]) => `${k} = ${v}`).join(', ')}` : '';
  return {
    pattern: {
      rows: p.rows,
      cols: p.cols,
      outputShape: [...p.outputShape],
      inputShape: [...p.inputShape],
      nonzeros: p.nonzeros.map(([i, j]) => [i, j]),
      values: p.values && p.values.length === p.nonzeros.length ? p.values.map((v) => finiteOrNull(v)) : null,
    },
    note: dims ? `The picture is drawn${dims}.` : null,
  };
}

export function toJacobianPayload(p: {
  of: string;
  wrt: string;
  wrtOptions: readonly string[];
  chain: JacobianEntry | null;
  perOp: readonly JacobianEntry[];
  dims?: Record<string, number>;
  message?: string | null;
}): JacobianPayload {
  return {
    of: clip(p.of, LIMITS.name),
    wrt: clip(p.wrt, LIMITS.name),
    wrtOptions: p.wrtOptions.slice(0, LIMITS.options).map((o) => clip(o, LIMITS.name)),
    chain: p.chain,
    perOp: p.perOp.slice(0, LIMITS.perOp),
    dims: Object.entries(p.dims ?? {})
      .filter(([, v]) => Number.isInteger(v) && v >= 0)
      .slice(0, LIMITS.bindings)
      .map(([name, value]) => ({ name: clip(name, LIMITS.name), value })),
    message: p.message ? clip(p.message) : null,
  };
}

/**
 * The panel's Jacobian section from jacobianOf(analysis, { wrt }): the chain and its
 * per-op Jacobians, with the graph's shapes for labels and the ops' source ranges.
 */
export function fromJacobianResult(evalDim: EvalDim, result: JacobianResult, graph: Graph, lines: LineIndex, wrtOptions: readonly string[]): JacobianPayload {
  const shapeOf = (id: number | undefined) => (id === undefined ? null : (graph.nodes[id]?.shape ?? null));
  const concrete = (shape: readonly (number | string)[] | null) => (shape ? concreteShape(evalDim, shape, result.dims) : null);
  const lastOp = [...graph.nodes].reverse().find((n) => n.inputs.length > 0)?.id;
  const outShape = shapeOf(graph.names.get(result.of) ?? lastOp) ?? [];
  const inShape = shapeOf(graph.names.get(result.wrt)) ?? [];
  const chain = toJacobianEntry(result, {
    id: 'chain',
    outputName: result.of,
    inputName: result.wrt,
    outputShape: outShape,
    inputShape: inShape,
    concreteOutputShape: concrete(outShape),
    concreteInputShape: concrete(inShape),
  });
  const perOp = result.perOp.map((e: OpJacobian) => {
    const node = graph.nodes[e.node];
    const out = node?.shape ?? [];
    const operand = shapeOf(node?.inputs[e.input]) ?? [];
    return toJacobianEntry(e, {
      id: `op-${e.node}-${e.input}`,
      op: e.op,
      outputName: e.of,
      inputName: e.wrt,
      outputShape: out,
      inputShape: operand,
      concreteOutputShape: concrete(out),
      concreteInputShape: concrete(operand),
      range: toRange(lines, e.span),
    });
  });
  // Only the symbols the sizes mention: a value given for N means nothing when N is 8 in the code.
  const used = new Set([chain, ...perOp].flatMap((e) => [e.rowsFormula, e.colsFormula, ...[...e.outputShape, ...e.inputShape].map(String)].flatMap((t) => t.match(/[A-Za-z_]\w*/g) ?? [])));
  const dims = Object.fromEntries(Object.entries(result.dims).filter(([k]) => used.has(k)));
  return toJacobianPayload({ of: result.of, wrt: result.wrt, wrtOptions, chain, perOp, dims });
}

/** The core's size evaluator, handed in: the host does not load the core's code itself. */
export type EvalDim = typeof CoreEvalDim;

/** A shape at the given symbol values ('2*N' with N = 8 is 16), or null if a symbol has none. */
export function concreteShape(evalDim: EvalDim, shape: readonly (number | string)[], dims: Readonly<Record<string, number>>): number[] | null {
  const out: number[] = [];
  for (const d of shape) {
    if (typeof d === 'number') {
      out.push(d);
      continue;
    }
    const size = evalDim(d, dims);
    if (typeof size !== 'number') return null;
    out.push(size);
  }
  return out;
}

// ───────────────────────────── derivation ─────────────────────────────

/** What derive(...) returns on success (src/core/grad/derivation.ts), the parts the panel reads. */
export type DerivationSource = Pick<DeriveResult, 'gradient' | 'derivative' | 'steps' | 'assumptions'> & {
  verified: { maxRelError: number; precision: Precision } | null;
};

/**
 * `result` null with a `message` is an honest "cannot derive". The gradient's LaTeX is
 * the right-hand side; `derivative` (∂E/∂X) is its left.
 */
export function toDerivationPayload(
  result: DerivationSource | null,
  meta: { of: string; wrt: string; wrtOptions?: readonly string[]; message?: string | null },
): DerivationPayload {
  const status: DerivationPayload['status'] = !result ? 'failed' : result.verified ? 'verified' : 'unverified';
  return {
    of: clip(meta.of, LIMITS.name),
    wrt: clip(meta.wrt, LIMITS.name),
    wrtOptions: (meta.wrtOptions ?? []).slice(0, LIMITS.options).map((o) => clip(o, LIMITS.name)),
    status,
    gradient: result
      ? { text: clip(result.gradient.text, LIMITS.code), latex: clip(result.gradient.latex, LIMITS.code), numpy: clip(result.gradient.numpy, LIMITS.code) }
      : null,
    derivative: result ? { text: clip(result.derivative.text, LIMITS.code), latex: clip(result.derivative.latex, LIMITS.code) } : null,
    steps: (result?.steps ?? []).slice(0, LIMITS.steps).map((s) => ({ text: clip(s.text, LIMITS.code), latex: clip(s.latex, LIMITS.code) })),
    assumptions: (result?.assumptions ?? []).slice(0, LIMITS.assumptions).map((a) => clip(a)),
    verified: result?.verified ? { maxRelError: finiteOrNull(result.verified.maxRelError), precision: result.verified.precision } : null,
    message: meta.message ? clip(meta.message) : null,
  };
}

/** derive(...) or deriveFromGraph(...) as they return: a result, or an honest error. */
export function fromDeriveResult(result: DeriveResult | DeriveError, meta: { of: string; wrt: string; wrtOptions?: readonly string[] }): DerivationPayload {
  return result.ok
    ? toDerivationPayload(result, { ...meta, of: result.loss || meta.of })
    : toDerivationPayload(null, { ...meta, message: `Grad Lens could not ${result.reason === 'verify' ? 'verify' : 'derive'} ∂${meta.of}/∂${meta.wrt}: ${result.error}` });
}

// ───────────────────────────── check ─────────────────────────────

/** One entry of checkGradients(...).gradients, as in `grad-lens check --json`, plus what the picture needs. */
export interface GradientSource {
  name: string;
  wrt: string | null;
  line?: number | null;
  span?: Span | null;
  verdict: Verdict;
  mistake: Mistake | null;
  factor: number | null;
  maxAbsError: number | null;
  maxRelError: number | null;
  message: string;
  worst?: readonly { index: readonly number[]; analytic: number; numeric: number }[];
  /** Both gradients, flat and row-major in `shape`, for the heat map of a wrong one. */
  analytic?: ArrayLike<number> | null;
  numeric?: ArrayLike<number> | null;
  shape?: readonly number[] | null;
}

export interface CheckSource {
  loss: string | null;
  gradients: readonly GradientSource[];
  check: { precision: Precision; rtol: number; atol: number; ms: number } | null;
}

export function toCheckPayload(src: CheckSource, doc: DocumentRef | null, lines: LineIndex | null, message: string | null = null): CheckPayload {
  const gradients: GradientCheck[] = src.gradients.slice(0, LIMITS.gradients).map((g) => {
    const range = g.span && lines ? toRange(lines, g.span) : g.line && g.line >= 1 ? { cell: null, line: g.line, column: 1, endLine: g.line, endColumn: 1 } : null;
    return {
      name: clip(g.name, LIMITS.name),
      wrt: g.wrt === null ? null : clip(g.wrt, LIMITS.name),
      range,
      verdict: g.verdict,
      mistake: g.mistake,
      factor: finiteOrNull(g.factor),
      maxAbsError: finiteOrNull(g.maxAbsError),
      maxRelError: finiteOrNull(g.maxRelError),
      message: clip(g.message),
      worst: (g.worst ?? [])
        .slice(0, LIMITS.worst)
        .filter((w) => w.index.length <= LIMITS.rank && w.index.every((i) => Number.isInteger(i) && i >= 0))
        .map((w) => ({ index: [...w.index], analytic: finiteOrNull(w.analytic), numeric: finiteOrNull(w.numeric) })),
      heatmap: g.verdict === 'wrong' && g.analytic && g.numeric && g.shape ? differenceHeatMap(g.shape, g.analytic, g.numeric) : null,
    };
  });
  const c = src.check;
  return {
    document: doc,
    loss: src.loss === null ? null : clip(src.loss, LIMITS.name),
    gradients,
    check: c && [c.rtol, c.atol, c.ms].every((x) => Number.isFinite(x) && x >= 0) ? { precision: c.precision, rtol: c.rtol, atol: c.atol, ms: c.ms } : null,
    message: message ? clip(message) : null,
  };
}

/** Full values of a wrong gradient, for its heat map (the check keeps them while it runs). */
export interface GradientValues {
  hand: ArrayLike<number>;
  reference: ArrayLike<number>;
  shape: readonly number[];
}

/**
 * checkGradients(...) as it returns. The heat map needs each wrong gradient's full values:
 * the check attaches them to small wrong verdicts (`values`); `values` here, by name,
 * overrides them.
 */
export function fromCheckResult(result: CheckResult, doc: DocumentRef | null, values?: ReadonlyMap<string, GradientValues>): CheckPayload {
  const gradients: GradientSource[] = result.gradients.map(({ values: own, ...g }: GradientVerdict) => {
    const v = values?.get(g.name) ?? (own ? { hand: own.analytic, reference: own.reference, shape: own.shape } : undefined);
    return {
      ...g,
      worst: (g.worst ?? []).map((w) => ({ index: w.index, analytic: w.hand, numeric: w.reference })),
      analytic: v?.hand ?? null,
      numeric: v?.reference ?? null,
      shape: v?.shape ?? null,
    };
  });
  const noLoss = result.problems.find((p) => p.code === 'no-loss' || p.code === 'no-gradients' || p.code === 'too-large');
  return toCheckPayload({ loss: result.loss, gradients, check: result.check }, doc, result.analysis.lines, noLoss ? noLoss.message : null);
}

/** Largest side of the heat map; beyond it, cells pool blocks and keep the largest |difference|. */
export const HEATMAP_SIDE = 128;

/**
 * analytic − numeric as a matrix: a 1-D gradient is one row, a k-D one is its first axis
 * against the rest flattened. Pooled to at most HEATMAP_SIDE per side.
 */
export function differenceHeatMap(shape: readonly number[], analytic: ArrayLike<number>, numeric: ArrayLike<number>, side = HEATMAP_SIDE): HeatMap | null {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size === 0 || analytic.length !== size || numeric.length !== size || shape.length > LIMITS.rank) return null;
  const rows = shape.length <= 1 ? 1 : shape[0];
  const cols = size / rows;
  const rowStride = Math.max(1, Math.ceil(rows / side));
  const colStride = Math.max(1, Math.ceil(cols / side));
  const outRows = Math.ceil(rows / rowStride);
  const outCols = Math.ceil(cols / colStride);
  const values: (number | null)[] = new Array<number | null>(outRows * outCols).fill(0);
  const bad = new Uint8Array(outRows * outCols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const d = analytic[i * cols + j] - numeric[i * cols + j];
      const p = Math.floor(i / rowStride) * outCols + Math.floor(j / colStride);
      if (!Number.isFinite(d)) bad[p] = 1;
      else if (Math.abs(d) > Math.abs(values[p] as number)) values[p] = d;
    }
  }
  for (let p = 0; p < values.length; p++) if (bad[p]) values[p] = null;
  return { rows: outRows, cols: outCols, values, rowStride, colStride, shape: [...shape] };
}

// ───────────────────────────── a note ─────────────────────────────

/** A note's view (noteView) read from one text: a file, or a notebook's markdown cell (`cell`). */
export interface NoteSource {
  view: NoteView;
  lines: LineIndex;
  cell: number | null;
}

/**
 * The panel's Note section: the equations with their shapes and the note's derivation,
 * from one note or from the markdown cells of a notebook in order; null when there is
 * neither (the panel then hides the section).
 */
export function toNotePayload(sources: readonly NoteSource[], doc: DocumentRef): NotePayload | null {
  const at = (src: NoteSource, span: Span): SourceRange => ({ ...toRange(src.lines, span), cell: src.cell });
  const equations = sources.flatMap((src) =>
    src.view.equations.map((e) => ({ name: clip(e.name, LIMITS.name), shape: toShape(e.shape), text: clip(e.text, LIMITS.code), latex: clip(e.latex, LIMITS.code), range: at(src, e.span) })),
  );
  const derivation = sources.flatMap((src) =>
    src.view.derivation.map((d) => ({ states: clip(d.states, LIMITS.name), text: clip(d.text, LIMITS.code), latex: clip(d.latex, LIMITS.code), range: at(src, d.span) })),
  );
  if (!equations.length && !derivation.length) return null;
  const claims = sources.flatMap((src) => src.view.claims).map((c) => ({ loss: clip(c.loss, LIMITS.name), wrt: clip(c.wrt, LIMITS.name) }));
  return {
    document: doc,
    equations: equations.slice(0, LIMITS.noteLines),
    derivation: derivation.slice(0, LIMITS.noteLines),
    claims: claims.filter((c, i) => claims.findIndex((o) => o.loss === c.loss && o.wrt === c.wrt) === i).slice(0, LIMITS.options),
  };
}
