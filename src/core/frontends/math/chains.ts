/**
 * A derivation in differentials, as the matrix-calculus texts write it:
 *
 *   dE = −y : d log(x)
 *      = −y : dx ⊘ x
 *      = … : dc
 *
 * Each link is an expression in the note's names and their differentials. The program
 * gets one statement per link (`dE⟨2⟩ = …`), a binding per differential (`d⟨x⟩`, whose
 * value the check sets to the change of x along a direction) and one per `d f(…)` applied
 * to an expression; all are marked `derivation`, so they are neither layers nor gradients.
 */
import type { AssignStmt, Derivation, Expr, NameExpr } from '../../ir/program';
import type { Span } from '../../ir/span';

export interface Link {
  value: Expr;
  span: Span;
}

/** The name a differential is bound to: `dx` → `d⟨x⟩` (not mistaken for a gradient named dx). */
export const differentialName = (of: string): string => `d⟨${of}⟩`;

function assign(name: string, value: Expr, span: Span, targetSpan: Span): AssignStmt {
  return { kind: 'assign', target: { kind: 'name', name, span: targetSpan }, op: '=', value, span, derivation: true };
}

/**
 * The statements and the Derivation record for the chain `head = links[0] = links[1] …`;
 * `known` are the note's names (dx is the differential of x when x is one of them).
 */
export function chainStatements(head: { name: string; span: Span; targetSpan: Span }, links: Link[], known: ReadonlySet<string>, index: number): { stmts: AssignStmt[]; derivation: Derivation } {
  const of = head.name.slice(1);
  const differentials = new Map<string, string>();
  const stmts: AssignStmt[] = [];
  let applied = 0;
  const rewrite = (e: Expr): Expr => {
    if (e.kind === 'name') {
      const base = e.name.length > 1 && e.name[0] === 'd' && !known.has(e.name) ? e.name.slice(1) : null;
      if (base && known.has(base)) {
        differentials.set(base, differentialName(base));
        return { kind: 'name', name: differentialName(base), span: e.span } satisfies NameExpr;
      }
      return e;
    }
    if (e.kind === 'call') {
      // `d log(x)`: the differential of an expression, read as d·log(x).
      const [first, second] = e.args;
      if ((e.op === 'matmul' || e.op === 'mul') && first?.kind === 'name' && first.name === 'd' && second) {
        const aux = `⟨${head.name}#${index}.${++applied}⟩`;
        stmts.push(assign(aux, rewrite(second), second.span, second.span));
        differentials.set(aux, differentialName(aux));
        return { kind: 'name', name: differentialName(aux), span: e.span };
      }
      return { ...e, args: e.args.map(rewrite), kwargs: Object.fromEntries(Object.entries(e.kwargs).map(([k, v]) => [k, rewrite(v)])) };
    }
    if (e.kind === 'tuple') return { ...e, items: e.items.map(rewrite) };
    return e;
  };
  const linkNames: string[] = [];
  const linkStmts = links.map((link, k) => {
    const name = `${head.name}⟨${k + 1}⟩`;
    linkNames.push(name);
    return k === 0 ? assign(name, rewrite(link.value), head.span, head.targetSpan) : assign(name, rewrite(link.value), link.span, link.span);
  });
  const bindings = [...differentials].map(([base, name]) => assign(name, { kind: 'call', op: 'zeros_like', args: [{ kind: 'name', name: base, span: head.span }], kwargs: {}, span: head.span, callee: 'd' }, head.span, head.targetSpan));
  // The last link's differentials say what varies (`: dc`); read them before the rewrite's names.
  const last = links[links.length - 1];
  const varying = last ? [...namesOf(last.value)].filter((n) => n.length > 1 && n[0] === 'd' && known.has(n.slice(1)) && !known.has(n)).map((n) => n.slice(1)) : [];
  return {
    stmts: [...stmts, ...bindings, ...linkStmts],
    derivation: { of, head: head.name, links: linkNames.map((name, k) => ({ name, span: links[k].span })), differentials: Object.fromEntries([...differentials].map(([base, name]) => [name, base])), varying },
  };
}

function namesOf(e: Expr, out = new Set<string>()): Set<string> {
  if (e.kind === 'name') out.add(e.name);
  else if (e.kind === 'call') e.args.forEach((a) => namesOf(a, out));
  else if (e.kind === 'tuple') e.items.forEach((a) => namesOf(a, out));
  return out;
}
