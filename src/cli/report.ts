import { type Analysis, formatShape, type LineIndex, type Problem } from '../core/index';

export interface ProblemJson {
  code: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function problemJson(p: Problem, lines: LineIndex): ProblemJson {
  const a = lines.position(p.span.start);
  const b = lines.position(p.span.end);
  return { code: p.code, severity: p.severity, message: p.message, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

/** The `analyze --json` contract: symbolic dims as strings, known ones as numbers. */
export function analysisJson(file: string, analysis: Analysis) {
  return {
    file,
    layers: analysis.layers.map((l) => ({ name: l.name, op: l.op, line: l.line, shape: l.shape })),
    problems: analysis.problems.map((p) => problemJson(p, analysis.lines)),
  };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function analysisText(file: string, analysis: Analysis): string {
  const rows = analysis.layers.map((l) => [String(l.line), l.name, l.op, formatShape(l.shape), l.params ? String(l.params) : '']);
  const header = ['line', 'name', 'op', 'shape', 'params'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const out = [`${file}: ${analysis.layers.length} layers, ${analysis.problems.length} problems`, '', header.map((h, i) => pad(h, widths[i])).join('  ')];
  for (const r of rows) out.push(r.map((c, i) => pad(c, widths[i])).join('  ').trimEnd());
  if (analysis.problems.length) {
    out.push('');
    for (const p of analysis.problems) {
      const pos = analysis.lines.position(p.span.start);
      out.push(`${file}:${pos.line}:${pos.column}: ${p.severity} [${p.code}] ${p.message}`);
    }
  }
  return out.join('\n');
}
