import type { Analysis, AnalyzeOptions } from './analysis';
import { type ProgramReader, programReader } from './frontends/index';
import type { Program } from './ir/program';
import { lineIndexFor } from './ir/cells';
import { problem } from './ir/problem';
import { type LineIndex, type Span, spansOverlap } from './ir/span';
import { type Trace, Tracer } from './trace/tracer';

/**
 * Reads the text, traces it on shape values and returns the layer table, the problems
 * and the traced graph. Never throws for bad input: a failure inside the analysis
 * becomes a problem on the analysed range.
 */
export async function analyze(text: string, options: AnalyzeOptions): Promise<Analysis> {
  const lines = lineIndexFor(text, options.cells);
  const whole = options.range ?? { start: 0, end: text.length };
  try {
    // Each statement is traced as soon as the front end has it, while it is still in the
    // caches, and then let go: the layers, problems and graph are what the editor shows, and
    // holding the statements would have the collector copy them again and again. A check
    // asks for them (analysis.program): the text is read again then.
    const tracer = new Tracer(text, lines, { language: options.language, range: options.range, dims: options.dims, loopBudget: options.loopBudget });
    const readText = await programReader(options.language, options.wasmDir);
    const pieces = options.cells?.starts;
    const reusePieces = options.reusePieces;
    const read: ProgramReader = pieces || reusePieces === false ? (source, readOptions) => readText(source, { ...readOptions, pieces, reusePieces }) : readText;
    const traced = read(text, { onStatement: (stmt) => tracer.step(stmt), keepStatements: false });
    tracer.finish();
    const trace = tracer.result();
    const { range } = options;
    const inRange = (s: { start: number; end: number }) => !range || spansOverlap(s, range) || (s.start === s.end && s.start >= range.start && s.start <= range.end);
    // Without a selection everything is in range: the file's tables are kept as they are.
    const within = <T extends { span: Span }>(items: T[]): T[] => (range ? items.filter((item) => inRange(item.span)) : items);
    const problems = within([...traced.problems, ...trace.problems]).map((p) => clampProblem(p, text.length));
    problems.sort((a, b) => a.span.start - b.span.start);
    const layers = within(trace.layers);
    // Math is declarative and traced in dependency order; people read it top to bottom.
    if (options.language === 'math') layers.sort((a, b) => a.span.start - b.span.start);
    return new ProgramOnDemand({ language: options.language, text, lines, layers, problems, occurrences: within(trace.occurrences), graph: trace.graph, bindings: trace.bindings.asRecord(), symbols: symbolLines(trace.symbols, lines) }, read);
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
      symbols: {},
    };
  }
}

/**
 * An analysis whose Program is read again on first use. A class, with the getter on its
 * prototype: with an object literal holding the getter instead, V8 promoted 93% of what
 * survived each scavenge (5% now) and a 100-line analysis cost 17% more.
 */
class ProgramOnDemand implements Analysis {
  readonly language: Analysis['language'];
  readonly text: string;
  readonly lines: Analysis['lines'];
  readonly layers: Analysis['layers'];
  readonly problems: Analysis['problems'];
  readonly occurrences: Analysis['occurrences'];
  readonly graph: Analysis['graph'];
  readonly bindings: Analysis['bindings'];
  readonly symbols: Analysis['symbols'];
  private read: ProgramReader | undefined;
  private cached: Program | undefined;

  constructor(fields: Omit<Analysis, 'program'>, read: ProgramReader) {
    this.language = fields.language;
    this.text = fields.text;
    this.lines = fields.lines;
    this.layers = fields.layers;
    this.problems = fields.problems;
    this.occurrences = fields.occurrences;
    this.graph = fields.graph;
    this.bindings = fields.bindings;
    this.symbols = fields.symbols;
    this.read = read;
  }

  get program(): Program {
    if (!this.cached) {
      this.cached = (this.read as ProgramReader)(this.text);
      this.read = undefined;
    }
    return this.cached;
  }
}

/** Every span stays inside the document, whatever a front end produced. */
function clampProblem<T extends { span: { start: number; end: number } }>(p: T, length: number): T {
  const start = Math.max(0, Math.min(p.span.start, length));
  const end = Math.max(start, Math.min(p.span.end, length));
  return start === p.span.start && end === p.span.end ? p : { ...p, span: { start, end } };
}

function symbolLines(symbols: Trace['symbols'], lines: LineIndex): Analysis['symbols'] {
  const out: Analysis['symbols'] = {};
  for (const [name, origin] of symbols) out[name] = { line: lines.lineOf(origin.span.start), where: lines.lineLabel(origin.span.start), source: origin.source };
  return out;
}
