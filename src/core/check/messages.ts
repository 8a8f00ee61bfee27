import { formatShapeOf } from '../numeric/tensor';
import type { Diagnosis } from './compare';
import { describeFactor, type FactorContext } from './factor';

export function sci(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? Number(x.toPrecision(3)).toString() : x.toExponential(1);
}

function errorsText(d: { maxAbsError: number | null; maxRelError: number | null }): string {
  return d.maxAbsError === null ? '' : ` (max abs error ${sci(d.maxAbsError)}, max rel error ${sci(d.maxRelError ?? 0)})`;
}

export function correctMessage(name: string, d: Diagnosis, byFd: boolean): string {
  const fd = byFd ? '; float64 finite differences confirm it, float32 autodiff differs by more than its tolerance' : '';
  return `${name} is correct${errorsText(d)}${fd}`;
}

/** Right, at another value than the variable its name points at: `X @ W1 + b1` after a ReLU mask. */
export function correctAtMessage(name: string, d: Diagnosis, at: string, where: string): string {
  return `${name} is correct: it is the gradient of ${at} (${where})${errorsText(d)}`;
}

function alsoText(d: Diagnosis, ctx: FactorContext): string {
  if (d.alsoFactor === undefined) return '';
  if (d.alsoFactor === -1) return ', and the sign is wrong';
  return `, and off by a factor of ${describeFactor(d.alsoFactor, ctx).label}`;
}

/** The sentence for a wrong gradient, naming the mistake. */
export function mistakeMessage(name: string, variable: string, d: Diagnosis, hand: number[], ref: number[], ctx: FactorContext): string {
  const shapes = `${name} has shape ${formatShapeOf(hand)} but ${variable} is ${formatShapeOf(ref)}`;
  switch (d.mistake) {
    case 'sign-flipped':
      return `${name} has the wrong sign`;
    case 'scaled': {
      const w = describeFactor(d.factor as number, ctx);
      return `${name} is off by a factor of ${w.label}${w.reason ? `: ${w.reason}` : ''}`;
    }
    case 'transposed':
      // A transposed operand inside the line (explain.ts) says which; a transposed result says so.
      if (d.detail) return `${name} ${d.detail}`;
      return hand.join() === ref.join() ? `${name} is transposed: it equals (d/d${variable})ᵀ${alsoText(d, ctx)}` : `${shapes}: transposed${alsoText(d, ctx)}`;
    case 'wrong-axis':
    case 'missing-term':
    case 'extra-term':
    case 'scaled-term':
      return `${name} ${d.detail ?? 'is wrong'}`;
    case 'wrong-shape':
      return `${shapes}: ${d.detail ?? 'the values are right, the shape will broadcast wrongly'}${alsoText(d, ctx)}`;
    default: {
      const shape = hand.join() === ref.join() ? '' : ` (${shapes})`;
      const worst = d.worst.length ? `; largest differences: ${d.worst.map((w) => `[${w.index.join(', ')}] ${sci(w.hand)} vs ${sci(w.reference)}`).join(', ')} (hand vs autodiff)` : '';
      return `${name} is wrong: it matches neither autodiff nor a simple variant of it${shape}${differenceText(d)}${worst}`;
    }
  }
}

/** Where the difference says the mistake is: a term the same for every sample (row) or every feature (column). */
function differenceText(d: Diagnosis): string {
  if (d.differenceScales) return `; the difference from autodiff is ${d.differenceScales} times one number per row, so a term that multiplies ${d.differenceScales} by a sum over its row (as a softmax's derivative has) is missing or wrong`;
  if (d.difference === 'rows') return '; the difference from autodiff is the same in every row, so a term that does not depend on the row (a sum or mean over the rows, as in a batch norm) is missing or wrong';
  if (d.difference === 'columns') return '; the difference from autodiff is the same in every column, so a term that does not depend on the column (a sum or mean over a row, as in a softmax or layer norm) is missing or wrong';
  return '';
}
