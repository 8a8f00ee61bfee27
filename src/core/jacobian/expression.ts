import { isProblem, parseMathExpression } from '../frontends/math/index';
import type { Graph } from '../ir/graph';
import type { Problem } from '../ir/problem';
import type { DeclareStmt, Expr, Program, Stmt } from '../ir/program';
import { LineIndex } from '../ir/span';
import type { Dim } from '../shapes/dim';
import { Tracer } from '../trace/tracer';

export interface TracedExpression {
  graph: Graph;
  /** The name the expression's value is bound to (`X` for `X = softmax(…)`, else F). */
  output: string;
  problems: Problem[];
}

/**
 * A math expression and the shapes of its names → the traced graph. The expression is
 * bound to its own name when written `X = …`, otherwise to F (or the first free of F, F1, …).
 */
export function traceExpression(source: string | Expr, shapes: Readonly<Record<string, readonly Dim[]>>, dims: Readonly<Record<string, number>> = {}): TracedExpression {
  const text = typeof source === 'string' ? source : '';
  const parsed = typeof source === 'string' ? parseMathExpression(source) : source;
  if (isProblem(parsed)) return { graph: { nodes: [], names: new Map() }, output: 'F', problems: [parsed] };
  const named = typeof source === 'string' ? /^\s*([A-Za-z]\w*)\s*=(?!=)/.exec(source)?.[1] : undefined;
  let output = named ?? 'F';
  for (let k = 1; !named && shapes[output] !== undefined; k++) output = `F${k}`;
  const at = { start: 0, end: 0 };
  const declarations: Stmt[] = Object.entries(shapes).map(
    ([name, ds]): DeclareStmt => ({
      kind: 'declare',
      name,
      dims: ds.map((d): Expr => (typeof d === 'number' ? { kind: 'num', value: d, span: at } : { kind: 'name', name: d, span: at })),
      role: 'input',
      source: 'declaration',
      span: at,
    }),
  );
  const whole = { start: 0, end: text.length };
  const program: Program = { language: 'math', stmts: [...declarations, { kind: 'assign', target: { kind: 'name', name: output, span: whole }, op: '=', value: parsed, span: whole }], problems: [] };
  const trace = new Tracer(text, new LineIndex(text), { language: 'math', dims: { ...dims } }).run(program);
  return { graph: trace.graph, output, problems: trace.problems };
}
