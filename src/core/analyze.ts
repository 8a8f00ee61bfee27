import type { Analysis, AnalyzeOptions } from './analysis';
import { parseProgram } from './frontends/index';
import { problem } from './ir/problem';
import { LineIndex, type Span, spansOverlap } from './ir/span';
import { Tracer } from './trace/tracer';

/**
 * Reads the text, traces it on shape values and returns the layer table, the problems
 * and the traced graph. Never throws for bad input: a failure inside the analysis
 * becomes a problem on the analysed range.
 */
export async function analyze(text: string, options: AnalyzeOptions): Promise<Analysis> {
  const lines = new LineIndex(text);
  const whole = options.range ?? { start: 0, end: text.length };
  try {
    // Each statement is traced as soon as the front end has it, while it is still in the caches.
    const tracer = new Tracer(text, lines, { language: options.language, range: options.range, dims: options.dims });
    const program = await parseProgram(text, options.language, { wasmDir: options.wasmDir, onStatement: (stmt) => tracer.step(stmt) });
    const trace = tracer.result();
    const { range } = options;
    const inRange = (s: { start: number; end: number }) => !range || spansOverlap(s, range) || (s.start === s.end && s.start >= range.start && s.start <= range.end);
    // Without a selection everything is in range: the file's tables are kept as they are.
    const within = <T extends { span: Span }>(items: T[]): T[] => (range ? items.filter((item) => inRange(item.span)) : items);
    const problems = within([...program.problems, ...trace.problems]).map((p) => clampProblem(p, text.length));
    problems.sort((a, b) => a.span.start - b.span.start);
    const layers = within(trace.layers);
    // Math is declarative and traced in dependency order; people read it top to bottom.
    if (options.language === 'math') layers.sort((a, b) => a.span.start - b.span.start);
    return {
      language: options.language,
      text,
      lines,
      program,
      layers,
      problems,
      occurrences: within(trace.occurrences),
      graph: trace.graph,
      bindings: trace.bindings.asRecord(),
    };
  } catch (err) {
    return {
      language: options.language,
      text,
      lines,
      program: { language: options.language, stmts: [], problems: [] },
      layers: [],
      problems: [problem('internal-error', 'warning', whole, `Grad Lens could not analyze this code: ${(err as Error).message}`)],
      occurrences: [],
      graph: { nodes: [], names: new Map() },
      bindings: {},
    };
  }
}

/** Every span stays inside the document, whatever a front end produced. */
function clampProblem<T extends { span: { start: number; end: number } }>(p: T, length: number): T {
  const start = Math.max(0, Math.min(p.span.start, length));
  const end = Math.max(start, Math.min(p.span.end, length));
  return start === p.span.start && end === p.span.end ? p : { ...p, span: { start, end } };
}
