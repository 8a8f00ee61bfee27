import { partialDerivative } from '../print/latex-name';
import { type Assumption, assumptionRewrites, rowsSumTo1, symmetric } from './assumptions';
import { type Exprs, type Node, topoOrder, variablesOf } from './expr';
import { toLatex } from './print/latex';
import { toNumpy } from './print/numpy';
import { toText } from './print/text';
import { reverse } from './reverse';
import { RULES } from './rules';
import { Simplifier } from './simplify';
import { buildSteps, type Step } from './steps';
import { type Verification, verifyGradient } from './verify';

export interface DeriveResult {
  ok: true;
  loss: string;
  wrt: string;
  /** The gradient, shaped like the variable: text (Unicode), LaTeX (KaTeX) and NumPy source. */
  gradient: { text: string; latex: string; numpy: string };
  /** ∂E/∂X, the left-hand side the gradient is the value of. */
  derivative: { text: string; latex: string };
  steps: Step[];
  /** The assumptions the gradient relies on (each one stated by the user or guaranteed by the code). */
  assumptions: string[];
  verified: { maxRelError: number; precision: 'float64'; checks: number; shapes: Record<string, number[]>; reduced: boolean };
  /** The symbolic result, for callers that evaluate it (tests, the checker). */
  expr: { loss: Node; wrt: Node; gradient: Node; general: Node };
}

export interface DeriveError {
  ok: false;
  /** 'input': the request is malformed (exit 2); 'derive': no rule applies; 'verify': the check failed. */
  reason: 'input' | 'derive' | 'verify';
  error: string;
}

export interface DerivationOptions {
  lossName: string;
  assumptions: readonly Assumption[];
  dims?: Record<string, number>;
  verify?: 'auto' | 'full';
  /** Names the code gives intermediates (S, Z), preferred in the steps. */
  preferredNames?: ReadonlyMap<Node, string>;
}

/**
 * Differentiates a scalar expression with respect to one variable: reverse mode with
 * the general simplifier, then the stated assumptions on the result (the general form
 * stays in the steps), then the numeric check. Nothing is returned unverified.
 */
export function derivation(x: Exprs, given: Node, wrt: Node, options: DerivationOptions): DeriveResult | DeriveError {
  const general = new Simplifier(x);
  // The loss is simplified first, so the adjoints (built from its subexpressions) share its nodes and names.
  const loss = general.simplify(given);
  const rev = reverse(x, loss, wrt, general.simplify);
  if (!rev.ok) return { ok: false, reason: rev.message.startsWith('cannot') ? 'derive' : 'input', error: rev.message };

  // Each stated assumption is applied on its own first, so the steps can say what each one changed.
  const assumed: { assumption: Assumption; gradient: Node }[] = [];
  let gradient = rev.gradient;
  for (const a of options.assumptions) {
    let fired = false;
    const next = new Simplifier(x, assumptionRewrites([a], () => (fired = true))).simplify(gradient);
    if (fired && next !== gradient) {
      assumed.push({ assumption: a, gradient: next });
      gradient = next;
    }
  }
  const hints = assumed.length ? [] : offeredAssumptions(x, rev.gradient, wrt);

  const { steps } = buildSteps({ x, loss, wrt, lossName: options.lossName, visits: rev.visits, general: rev.gradient, assumed, hints, preferredNames: options.preferredNames });

  const used = assumed.map((a) => a.assumption);
  // What the rules on the way took for granted (no zero entry under a product).
  const taken = [...new Set(rev.visits.flatMap((v) => RULES[v.node.op]?.assumes?.(v.node, toText) ?? []))];
  // A mask is read as X ⊙ M only because it is 0/1: said whenever the expression holds one.
  const masks = options.assumptions.filter((a) => a.kind === 'mask' && !used.includes(a) && variablesOf(loss).some((v) => v.name === a.name));
  const listed = [...[...used, ...masks].map((a) => a.text), ...taken];
  // Inputs are drawn to satisfy what the code guarantees, and what the result relies on.
  const guaranteed = options.assumptions.filter((a) => a.source !== undefined);
  const check = (g: Node, as: readonly Assumption[]): Verification => verifyGradient(loss, wrt, g, { dims: options.dims, mode: options.verify, assumptions: as });
  const verified = check(gradient, [...guaranteed, ...used.filter((a) => !guaranteed.includes(a))]);
  if (!verified.ok) return { ok: false, reason: 'verify', error: `the symbolic gradient did not verify: ${verified.message ?? 'it differs from finite differences'}` };
  if (gradient !== rev.gradient) {
    // The general form is shown as a step: it must hold too, for any inputs the code allows.
    const g = check(rev.gradient, guaranteed);
    if (!g.ok) return { ok: false, reason: 'verify', error: `the general form of the gradient did not verify: ${g.message ?? ''}` };
  }

  const inputs = variablesOf(loss);
  const wrtName = wrt.name as string;
  const doc = `d${options.lossName}/d${wrtName} = ${toText(gradient)}${listed.length ? ` (assuming ${listed.join('; ')})` : ''}`;
  return {
    ok: true,
    loss: options.lossName,
    wrt: wrtName,
    gradient: { text: toText(gradient), latex: toLatex(gradient), numpy: toNumpy(gradient, { wrt: wrtName, inputs, doc }) },
    derivative: partialDerivative(options.lossName, wrtName),
    steps,
    assumptions: listed,
    verified: { maxRelError: verified.maxRelError, precision: 'float64', checks: verified.checks, shapes: verified.shapes, reduced: verified.reduced },
    expr: { loss, wrt, gradient, general: rev.gradient },
  };
}

/**
 * Assumptions that would simplify the gradient, offered in the steps but never applied:
 * rows summing to one for a matrix multiplied by 1 (labels), symmetry for a square
 * matrix next to its own transpose.
 */
function offeredAssumptions(x: Exprs, gradient: Node, wrt: Node): { assumption: Assumption; gradient: Node }[] {
  const candidates: Assumption[] = [];
  for (const n of topoOrder([gradient])) {
    if (n.op === 'matmul') {
      n.args.forEach((a, i) => {
        const b = n.args[i + 1];
        if (a.op === 'var' && a !== wrt && b?.op === 'ones' && b.shape[1] === 1) candidates.push(rowsSumTo1(a.name as string));
      });
    }
    if (n.op === 'transpose' && n.args[0].op === 'var' && n.args[0] !== wrt && n.shape[0] === n.shape[1]) candidates.push(symmetric(n.args[0].name as string));
  }
  const out: { assumption: Assumption; gradient: Node }[] = [];
  const seen = new Set<string>();
  for (const a of candidates) {
    if (seen.has(a.text)) continue;
    seen.add(a.text);
    const g = new Simplifier(x, assumptionRewrites([a], () => undefined)).simplify(gradient);
    if (g !== gradient) out.push({ assumption: a, gradient: g });
  }
  return out;
}
