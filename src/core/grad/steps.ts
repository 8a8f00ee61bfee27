import { latexName, partialDerivative } from '../print/latex-name';
import type { Assumption } from './assumptions';
import { dependents, type Exprs, type Node, topoOrder, variablesOf } from './expr';
import type { PrintOptions } from './print/format';
import { LATEX, toLatex } from './print/latex';
import { TEXT, toText } from './print/text';
import type { Visit } from './reverse';
import { RULES } from './rules';

/**
 * The derivation as a person would write it, in the style of the seed's answer: name
 * the intermediates, write the loss with the Frobenius product, then follow the
 * differential down the graph, dE = G : dY = G : (J dX) = Jᵀ(G) : dX, one op at a time.
 */
export interface Step {
  text: string;
  latex: string;
}

export interface StepsInput {
  x: Exprs;
  loss: Node;
  wrt: Node;
  lossName: string;
  visits: readonly Visit[];
  /** The gradient before any assumption. */
  general: Node;
  /** The assumptions used, each with the gradient once it is applied. */
  assumed: { assumption: Assumption; gradient: Node }[];
  /** Assumptions not stated that would simplify the result: offered, not applied. */
  hints: { assumption: Assumption; gradient: Node }[];
  /** Names the code gives intermediates. */
  preferredNames?: ReadonlyMap<Node, string>;
}

/** A piece of a step: an expression (printed both ways) or literal text and LaTeX. */
type Part = Node | readonly [string, string];

const SOFT = { softmax: 'S', tanh: 'H', sigmoid: 'H', relu: 'H', exp: 'H' } as Record<string, string>;
const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';

/** Names for the intermediates a reader needs: S = softmax(Z), H = tanh(Z), and the Z they read. */
export function nameIntermediates(loss: Node, wrt: Node, taken: ReadonlySet<string>, preferred?: ReadonlyMap<Node, string>): Map<Node, string> {
  const active = dependents(loss, wrt);
  const order = topoOrder([loss]).filter((n) => active.has(n) && n !== loss && n !== wrt);
  const base = new Map<Node, string>();
  for (const n of order) {
    const b = SOFT[n.op];
    if (!b) continue;
    base.set(n, b);
    const arg = n.args[0];
    if (arg.op === 'matmul' || arg.op === 'add' || arg.op === 'sub') base.set(arg, 'Z');
  }
  const counts = new Map<string, number>();
  for (const b of base.values()) counts.set(b, (counts.get(b) ?? 0) + 1);
  const names = new Map<Node, string>();
  const seen = new Map<string, number>();
  const used = new Set(taken);
  for (const n of order) {
    const b = base.get(n);
    if (!b) continue;
    const own = preferred?.get(n);
    if (own && !used.has(own)) {
      used.add(own);
      names.set(n, own);
      continue;
    }
    const k = (seen.get(b) ?? 0) + 1;
    seen.set(b, k);
    let name = (counts.get(b) ?? 0) > 1 ? `${b}${[...String(k)].map((d) => SUBSCRIPT[Number(d)]).join('')}` : b;
    while (used.has(name)) name = `${name}′`;
    used.add(name);
    names.set(n, name);
  }
  return names;
}

export function buildSteps(input: StepsInput): { steps: Step[]; names: Map<Node, string> } {
  const { x, loss, wrt, lossName } = input;
  const taken = new Set([...variablesOf(loss).map((v) => v.name as string), lossName, 'G']);
  const names = nameIntermediates(loss, wrt, taken, input.preferredNames);
  const withNames: PrintOptions = { names, frobenius: true };
  const steps: Step[] = [];
  const text = (p: Part, o: PrintOptions = withNames) => (Array.isArray(p) ? p[0] : toText(p as Node, o));
  const latex = (p: Part, o: PrintOptions = withNames) => (Array.isArray(p) ? p[1] : toLatex(p as Node, o));
  // "… + −y" reads "… − y".
  const push = (parts: Part[], o?: PrintOptions) =>
    steps.push({
      text: parts.map((p) => text(p, o)).join('').replace(/… \+ −/g, '… − '),
      latex: parts.map((p) => latex(p, o)).join('').replace(/\\dots \+ -/g, '\\dots - '),
    });
  const lit = (t: string, l = t): Part => [t, l] as const;
  const E = lit(lossName, latexName(lossName));
  const dE = lit(`d${lossName}`, `d${latexName(lossName)}`);
  const eq = lit(' = ');
  /**
   * G : X, with sums parenthesised (":" binds loosest). A constant G reads better as what it
   * is: 1 : X = X, and 1·1ᵀ : X = sum(X).
   */
  const frob = (g: Part, d: Part, o?: PrintOptions): Part[] => {
    if (!Array.isArray(g)) {
      const n = g as Node;
      if (n.op === 'const') {
        const c = n.value as number;
        return c === 1 ? [d] : c === -1 ? [lit('−', '-'), d] : [lit(`${TEXT.number(c)}·`, `${LATEX.number(c)}\\,`), d];
      }
      const ones = onesScale(n);
      if (ones !== null) {
        const coef = ones === 1 ? '' : ones === -1 ? '−' : `${ones}·`;
        const coefLatex = ones === 1 ? '' : ones === -1 ? '-' : `${ones}\,`;
        return [lit(`${coef}sum(`, `${coefLatex}\operatorname{sum}\left(`), d, lit(')', '\right)')];
      }
    }
    return [paren(g, o), lit(' : '), paren(d, o)];
  };
  const paren = (p: Part, o?: PrintOptions): Part => {
    if (Array.isArray(p)) return p;
    const n = p as Node;
    return n.op === 'add' || n.op === 'sub' ? lit(`(${text(n, o)})`, `\\left(${latex(n, o)}\\right)`) : n;
  };

  // 1. The intermediates, in the order they are computed.
  const defined = [...names.entries()].sort(([a], [b]) => a.id - b.id);
  if (defined.length) {
    const parts: Part[] = [lit('Let ', '\\text{Let }')];
    defined.forEach(([node, name], i) => {
      const others = new Map([...names].filter(([n]) => n !== node));
      if (i > 0) parts.push(i === defined.length - 1 ? lit(' and ', ',\\; ') : lit(', ', ',\\; '));
      parts.push(lit(`${name} = ${toText(node, { names: others })}`, `${latexName(name)} = ${toLatex(node, { names: others })}`));
    });
    if (defined.some(([n]) => n.op === 'softmax')) parts.push(lit(' (softmax row by row)', '\\quad\\text{(softmax row by row)}'));
    push(parts);
  }
  // 2. The loss, with the Frobenius product A : B = sum(A ⊙ B).
  push([E, eq, loss]);

  // 3. The differential, node by node from the loss down.
  const frontier = new Set<Node>([loss]);
  const contributions: Node[] = [];
  for (const v of input.visits) {
    const alone = frontier.size === 1 && frontier.has(v.node);
    frontier.delete(v.node);
    for (const p of v.passed) {
      frontier.add(p.arg);
      if (p.arg === wrt) contributions.push(p.adjoint);
    }
    if (isTrivial(v)) continue;
    const rule = RULES[v.node.op];
    if (!rule) continue;
    const lead: Part[] = alone ? [dE, eq] : [dE, lit(' = … + ', ' = \\dots + ')];
    const more = alone ? lit('') : lit(' + …', ' + \\dots');
    const differential = rule.differential(
      x,
      v.node,
      v.node.args.map((a, i) => (v.passed.some((p) => p.index === i) ? x.d(a) : null)),
    );
    if (rule.note) {
      steps.push({
        text: `${text(x.d(v.node))} = ${text(differential)}   (${rule.note.text})`,
        latex: `${latex(x.d(v.node))} = ${latex(differential)} \\quad ${rule.note.latex}`,
      });
    }
    // The raw adjoint (the rule applied to G) is shown when it says something the simplified one
    // does not; G gets a name when it is not a simple one and the rule uses it twice.
    const raws = v.passed.map((p) => rule.adjoint(x, v.node, v.adjoint, p.index) as Node);
    const nameG = !isSimple(v.adjoint) && raws.some((r) => countIn(r, v.adjoint) > 1);
    const rawOptions: PrintOptions = nameG ? { ...withNames, names: new Map([...names, [v.adjoint, 'G']]) } : withNames;
    const sum = (terms: [Node, Node][], o?: PrintOptions): Part[] => terms.flatMap(([g, a], i) => [...(i ? [lit(' + ')] : []), ...frob(g, x.d(a), o)]);
    const parts: Part[] = [...lead, ...frob(v.adjoint, x.d(v.node))];
    if (!rule.note) parts.push(eq, ...frob(v.adjoint, differential));
    const rawTerms = sum(
      raws.map((r, i) => [r, v.passed[i].arg]),
      rawOptions,
    ).map((p) => lit(text(p, rawOptions), latex(p, rawOptions)));
    const simpleTerms = sum(v.passed.map((p) => [p.adjoint, p.arg]));
    const rawText = rawTerms.map((p) => text(p)).join('');
    const simpleText = simpleTerms.map((p) => text(p)).join('');
    if (!isConstantLike(v.adjoint) && rawText !== simpleText) parts.push(eq, ...rawTerms);
    parts.push(eq, ...simpleTerms, more);
    if (nameG) parts.push(lit(`, with G = ${text(v.adjoint)}`, `,\\quad G = ${latex(v.adjoint)}`));
    push(parts);
  }
  // 4. Terms that reach the variable by several paths are collected.
  if (contributions.length > 1) {
    const total = contributions.reduce((a, b) => x.add(a, b));
    push([dE, eq, ...frob(total, x.d(wrt)), eq, ...frob(input.general, x.d(wrt))]);
  }
  // 5. The gradient, read off dE = G : dX.
  const derivative = partialDerivative(lossName, wrt.name as string);
  const grad = lit(derivative.text, derivative.latex);
  const inline = (n: Node): Part[] => {
    const used = [...names.entries()].filter(([node]) => topoOrder([n]).includes(node) && node.op !== 'matmul' && node.op !== 'add' && node.op !== 'sub');
    if (!used.length) return [];
    return [lit(', with ', ',\\quad\\text{with } '), ...used.flatMap(([node, name], i) => [...(i ? [lit(', ', ',\\; ')] : []), lit(`${name} = ${toText(node)}`, `${latexName(name)} = ${toLatex(node)}`)])];
  };
  push([grad, eq, input.general, ...inline(input.general)]);
  // 6. What the assumptions change, and what they would change when not stated.
  for (const { assumption, gradient } of input.assumed) {
    const because = assumption.source ?? 'assumed';
    push([lit(`Since ${assumption.text} (${because}), ${consequence(assumption)}: `, `\\text{Since ${assumption.text} (${because}), } ${consequenceLatex(assumption)}:\\quad `), grad, eq, gradient]);
  }
  for (const { assumption, gradient } of input.hints) {
    push([
      lit(`If ${assumption.text} (${why(assumption)}), ${consequence(assumption)} and `, `\\text{If ${assumption.text} (${why(assumption)}), } ${consequenceLatex(assumption)} \\text{ and }`),
      grad,
      eq,
      gradient,
      lit(`; state it with the assumption "${assumption.text}"`, `\\quad\\text{(state it with the assumption "${assumption.text}")}`),
    ]);
  }
  return { steps, names };
}

/** Steps that only carry G along unchanged in form (−, sums, constant factors) are folded into the next. */
function isTrivial(v: Visit): boolean {
  const op = v.node.op;
  if (op === 'neg' || op === 'add' || op === 'sub' || op === 'transpose') return true;
  if (op === 'sum') return v.node.axis === null || v.node.axis === undefined;
  if (op === 'mul' && v.passed.length === 1) return true;
  return false;
}

/** c·1·1ᵀ (the adjoint of a sum) → c; null for anything else. */
function onesScale(n: Node): number | null {
  if (n.op === 'ones' && !(n.shape[0] === 1 && n.shape[1] === 1)) return 1;
  if (n.op === 'neg') {
    const c = onesScale(n.args[0]);
    return c === null ? null : -c;
  }
  if (n.op === 'mul' && n.args[0].op === 'const') {
    const c = onesScale(n.args[1]);
    return c === null ? null : (n.args[0].value as number) * c;
  }
  return null;
}

const isConstantLike = (n: Node): boolean => n.op === 'const' || onesScale(n) !== null;
const isSimple = (n: Node): boolean => n.args.length === 0 || (n.op === 'transpose' && n.args[0].args.length === 0);

function countIn(root: Node, target: Node): number {
  let c = 0;
  const visit = (n: Node) => {
    if (n === target) c++;
    else n.args.forEach(visit);
  };
  visit(root);
  return c;
}

function consequence(a: Assumption): string {
  if (a.kind === 'mask') return `${a.name} ⊙ ${a.name} = ${a.name}`;
  return a.kind === 'rows-sum-to-1' ? `${a.name}·1 = 1` : `${a.name}ᵀ = ${a.name}`;
}

function consequenceLatex(a: Assumption): string {
  const n = latexName(a.name);
  if (a.kind === 'mask') return `${n} \\odot ${n} = ${n}`;
  return a.kind === 'rows-sum-to-1' ? `${n}\\mathbf{1} = \\mathbf{1}` : `${n}^{\\top} = ${n}`;
}

function why(a: Assumption): string {
  return a.kind === 'rows-sum-to-1' ? 'one-hot or probability labels' : 'a quadratic form often has one';
}
