import { type Analysis, type CellNote, formatShape, isCellLineIndex, type LineIndex, type Problem } from '../core/index';

export interface ProblemJson {
  code: string;
  severity: string;
  message: string;
  /** In a notebook: the cell's index among all cells (0-based); line and column are then within it. */
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * How offsets of an analysed text are reported: a file's line and column, or in a notebook
 * the cell and the line and column within it. A markdown cell's notes have their own text,
 * so their place is the note's cell plus the line in that text.
 */
export interface Places {
  lines: LineIndex;
  /** The markdown cell a note's text is. */
  cell?: number;
}

export interface Place {
  cell?: number;
  line: number;
  column: number;
}

export function placeOf({ lines, cell }: Places, offset: number): Place {
  if (isCellLineIndex(lines)) return lines.cellPosition(offset);
  const p = lines.position(offset);
  return cell === undefined ? p : { cell, ...p };
}

export function problemJson(p: Problem, places: Places): ProblemJson {
  const { code, severity, message } = p;
  if (isCellLineIndex(places.lines)) return { code, severity, message, ...places.lines.cellRange(p.span) };
  const a = placeOf(places, p.span.start);
  const b = placeOf(places, p.span.end);
  return { code, severity, message, ...(a.cell === undefined ? {} : { cell: a.cell }), line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

/** The analysis of the code and, in a notebook, those of its markdown cells, each with how to place its spans. */
export interface Report {
  file: string;
  analysis: Analysis;
  notes: readonly CellNote[];
}

/** The code's analysis, then each note's, with how to place their spans. */
function parts(report: Report): { analysis: Analysis; places: Places }[] {
  return [{ analysis: report.analysis, places: { lines: report.analysis.lines } }, ...report.notes.map((n) => ({ analysis: n.analysis, places: { lines: n.analysis.lines, cell: n.cell } }))];
}

/** Cells in order; within a cell, the order the analysis gave (a stable sort). */
function byPlace<T extends { cell?: number }>(rows: T[]): T[] {
  return rows.sort((a, b) => (a.cell ?? 0) - (b.cell ?? 0));
}

export function layerRows(report: Report) {
  return byPlace(
    parts(report).flatMap(({ analysis, places }) =>
      analysis.layers.map((l) => {
        const at = placeOf(places, l.span.start);
        return { name: l.name, op: l.op, ...(at.cell === undefined ? {} : { cell: at.cell }), line: at.line, shape: l.shape, params: l.params };
      }),
    ),
  );
}

/** Every problem of the report (plus `extra` ones about the code, such as the check's), placed. */
export function problemRows(report: Report, extra: readonly Problem[] = []): ProblemJson[] {
  const all = parts(report).flatMap(({ analysis, places }, i) => [...analysis.problems, ...(i === 0 ? extra : [])].sort((a, b) => a.span.start - b.span.start).map((p) => problemJson(p, places)));
  return byPlace(all);
}

/** The `analyze --json` contract: symbolic dims as strings, known ones as numbers; `cell` in a notebook. */
export function analysisJson(report: Report, extra: readonly Problem[] = []) {
  return {
    file: report.file,
    layers: layerRows(report).map(({ params: _params, ...row }) => row),
    problems: problemRows(report, extra),
  };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** `file:12:5`, or `file:cell 3:2:5` in a notebook (cells counted from 1, as in messages). */
export function where(file: string, at: { cell?: number; line: number; column?: number }): string {
  const cell = at.cell === undefined ? '' : `cell ${at.cell + 1}:`;
  return `${file}:${cell}${at.line}${at.column === undefined ? '' : `:${at.column}`}`;
}

export function problemLines(file: string, problems: readonly ProblemJson[]): string[] {
  return problems.map((p) => `${where(file, p)}: ${p.severity} [${p.code}] ${p.message}`);
}

export function analysisText(report: Report, extra: readonly Problem[] = []): string {
  const layers = layerRows(report);
  const problems = problemRows(report, extra);
  const notebook = layers.some((l) => l.cell !== undefined);
  const rows = layers.map((l) => [...(notebook ? [l.cell === undefined ? '' : String(l.cell + 1)] : []), String(l.line), l.name, l.op, formatShape(l.shape), l.params ? String(l.params) : '']);
  const header = [...(notebook ? ['cell'] : []), 'line', 'name', 'op', 'shape', 'params'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const out = [`${report.file}: ${layers.length} layers, ${problems.length} problems`, '', header.map((h, i) => pad(h, widths[i])).join('  ')];
  for (const r of rows) out.push(r.map((c, i) => pad(c, widths[i])).join('  ').trimEnd());
  if (problems.length) out.push('', ...problemLines(report.file, problems));
  return out.join('\n');
}
