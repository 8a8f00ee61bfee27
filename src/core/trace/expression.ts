import { isProblem, mathExpressionProgram } from '../frontends/math/index';
import type { Graph } from '../ir/graph';
import type { Problem } from '../ir/problem';
import type { Expr } from '../ir/program';
import { LineIndex } from '../ir/span';
import type { Dim } from '../shapes/dim';
import { Tracer } from './tracer';

export interface TracedExpression {
  graph: Graph;
  /** The name the expression's value is bound to (`X` for `X = softmax(…)`, else the fallback). */
  output: string;
  problems: Problem[];
}

/**
 * A math expression and the shapes of its names → the traced graph, as a note declaring
 * them would give (the route of `grad-lens derive` and `grad-lens jacobian` into the ops'
 * rules). The expression is bound to its own name when written `X = …`, otherwise to
 * `fallback` (or the first free of fallback, fallback1, …).
 */
export function traceExpression(source: string | Expr, shapes: Readonly<Record<string, readonly Dim[]>>, dims: Readonly<Record<string, number>> = {}, fallback = 'F'): TracedExpression {
  const text = typeof source === 'string' ? source : '';
  const named = /^\s*([A-Za-z]\w*)\s*=(?!=)/.exec(text)?.[1];
  let output = named ?? fallback;
  for (let k = 1; !named && shapes[output] !== undefined; k++) output = `${fallback}${k}`;
  const program = mathExpressionProgram(source, shapes, output);
  if (isProblem(program)) return { graph: { nodes: [], names: new Map() }, output, problems: [program] };
  const trace = new Tracer(text, new LineIndex(text), { language: 'math', dims: { ...dims } }).run(program);
  return { graph: trace.graph, output, problems: trace.problems };
}

/** The problems that leave the graph without the expression's value: an error, a name or an op it could not read. */
export function blockingProblems(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity === 'error' || p.code === 'undefined-name' || p.code === 'unsupported-op' || p.code === 'internal-error' || p.code === 'too-deep');
}
