import { type Exprs, type Node, showShape } from './expr';
import type { Rewrite, RewriteTable } from './simplify';

/**
 * What a user may state about an input, and the rewrites it licenses. Nothing here is
 * ever assumed silently: a rewrite fires only for an assumption the user stated (or the
 * code guarantees, like a one-hot matrix built from eye(K)[labels]), and each one that
 * fired is listed with the result.
 */
export type Assumption = (
  /** Y·1 = 1: one-hot labels or probability rows. */
  | { kind: 'rows-sum-to-1'; name: string; oneHot: boolean; text: string }
  /** Bᵀ = B. */
  | { kind: 'symmetric'; name: string; text: string }
  /** Every entry 0 or 1: a mask the code computes (a comparison, a dropout draw). */
  | { kind: 'mask'; name: string; text: string }
) & {
  /** Why it holds when the code guarantees it (“Y is one-hot in the code”); absent when stated. */
  source?: string;
};

export const ASSUMPTION_FORMS = ['rows of Y sum to 1', 'Y is one-hot', 'B is symmetric'];

export function rowsSumTo1(name: string, oneHot = false): Assumption {
  return { kind: 'rows-sum-to-1', name, oneHot, text: `rows of ${name} sum to 1` };
}

export function symmetric(name: string): Assumption {
  return { kind: 'symmetric', name, text: `${name} is symmetric` };
}

export function zeroOneMask(name: string): Assumption {
  return { kind: 'mask', name, text: `${name} is a 0/1 mask` };
}

/** Reads one stated assumption; null when it is not one of the accepted forms. */
export function parseAssumption(s: string): Assumption | null {
  const t = s.trim().replace(/\s+/g, ' ');
  let m = /^(?:the )?rows? of (\w+) (?:each )?sums? to (?:1|one)$/i.exec(t) ?? /^(\w+)(?:'s)? rows sum to (?:1|one)$/i.exec(t) ?? /^(\w+) ?[·*]? ?1 ?= ?1$/.exec(t);
  if (m) return rowsSumTo1(m[1]);
  m = /^(\w+) (?:is )?one[- ]?hot$/i.exec(t);
  if (m) return rowsSumTo1(m[1], true);
  m = /^(\w+) (?:is )?symmetric$/i.exec(t);
  if (m) return symmetric(m[1]);
  return null;
}

/** Checks an assumption against the variables: the name exists and the claim makes sense. */
export function checkAssumption(a: Assumption, vars: ReadonlyMap<string, Node>): string | null {
  const v = vars.get(a.name);
  if (!v) return `the assumption "${a.text}" names ${a.name}, which the expression does not use`;
  if (a.kind === 'symmetric' && v.shape[0] !== v.shape[1]) return `${a.name} is ${showShape(v.shape)}, so it cannot be symmetric`;
  return null;
}

/**
 * The rewrites the assumptions license. `fired` is called with each assumption whose
 * rewrite changed something, so the result can list exactly the ones it relies on.
 */
export function assumptionRewrites(assumptions: readonly Assumption[], fired: (a: Assumption) => void): RewriteTable {
  const matmul: Rewrite[] = [];
  const transpose: Rewrite[] = [];
  const sum: Rewrite[] = [];
  const mul: Rewrite[] = [];
  const pow: Rewrite[] = [];
  for (const a of assumptions) {
    if (a.kind === 'rows-sum-to-1') {
      // Y·1 = 1 and 1ᵀ·Yᵀ = 1ᵀ inside any product.
      matmul.push((x: Exprs, m: Node) => {
        for (let i = 0; i + 1 < m.args.length; i++) {
          const [p, q] = [m.args[i], m.args[i + 1]];
          let ones: Node | null = null;
          if (p.op === 'var' && p.name === a.name && q.op === 'ones' && q.shape[1] === 1) ones = x.ones(p.shape[0], 1);
          if (p.op === 'ones' && p.shape[0] === 1 && q.op === 'transpose' && q.args[0].op === 'var' && q.args[0].name === a.name) ones = x.ones(1, q.shape[1]);
          if (ones) {
            fired(a);
            return x.matmul(...m.args.slice(0, i), ones, ...m.args.slice(i + 2));
          }
        }
        return null;
      });
      sum.push((x, n) => {
        const v = n.args[0];
        if (n.axis !== 1 || v.op !== 'var' || v.name !== a.name) return null;
        fired(a);
        return x.ones(v.shape[0], 1);
      });
    } else if (a.kind === 'symmetric') {
      transpose.push((_x, t) => {
        const v = t.args[0];
        if (v.op !== 'var' || v.name !== a.name) return null;
        fired(a);
        return v;
      });
    } else {
      // M ⊙ M = M^⊙2 = M and (1 − M) ⊙ (1 − M) = 1 − M for a 0/1 mask: a repeated factor is dropped.
      const factor = (n: Node) => (n.op === 'var' && n.name === a.name) || (n.op === 'sub' && isOne(n.args[0]) && n.args[1].op === 'var' && n.args[1].name === a.name);
      mul.push((_x, n) => {
        const [p, q] = n.args;
        for (const [f, g] of [
          [p, q],
          [q, p],
        ]) {
          if (factor(f) && holds(g, f)) {
            fired(a);
            return g;
          }
        }
        return null;
      });
      pow.push((_x, n) => {
        const p = n.value as number;
        if (!factor(n.args[0]) || !Number.isInteger(p) || p < 1) return null;
        fired(a);
        return n.args[0];
      });
    }
  }
  return { matmul, transpose, sum, mul, pow };
}

/** A product (⊙ or scalar) with f among its factors, at any depth. */
const holds = (g: Node, f: Node): boolean => g === f || (g.op === 'mul' && g.args.some((a) => holds(a, f)));

const isOne = (n: Node): boolean => (n.op === 'const' && n.value === 1) || n.op === 'ones';
