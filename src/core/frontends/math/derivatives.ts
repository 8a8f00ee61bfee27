/**
 * The left side of a line that states a derivative: `\frac{\partial E}{\partial C} =`,
 * `\frac{dE}{dC} =`, `∂E/∂c =`, `dE/dC =`, `\nabla_C E =`. What follows is the note's
 * claim for the gradient of E with respect to C, which the check judges like a gradient
 * written by hand in code.
 */
import type { Span } from '../../ir/span';
import type { Token } from './tokenizer';

export interface DerivativeSide {
  loss: string;
  wrt: string;
  /** The name the claim goes by in the program and in messages: `∂E/∂C`. */
  name: string;
  span: Span;
  /** Index of the `=` token. */
  equals: number;
}

const isPartial = (t: Token | undefined): boolean => !!t && t.kind === 'cmd' && (t.value === 'partial' || t.value === '∂');
const isOp = (t: Token | undefined, value: string): boolean => !!t && t.kind === 'op' && t.value === value;
const isOpen = (t: Token | undefined): boolean => !!t && t.kind === 'open' && t.value === '{';
const isClose = (t: Token | undefined): boolean => !!t && t.kind === 'close' && t.value === '}';
const nameOf = (t: Token): string => (t.sub ? `${t.value}_${t.sub}` : t.value);

/** `∂ E` or `dE` at `i`: the name differentiated and the index after it. */
function differential(tokens: Token[], i: number): { name: string; next: number } | null {
  const t = tokens[i];
  if (isPartial(t) && tokens[i + 1]?.kind === 'name') return { name: nameOf(tokens[i + 1]), next: i + 2 };
  if (t?.kind === 'name' && /^d[A-Za-zα-ωΑ-Ω]/.test(t.value) && t.value.length > 1) return { name: nameOf({ ...t, value: t.value.slice(1) }), next: i + 1 };
  return null;
}

function side(tokens: Token[], loss: string, wrt: string, equals: number): DerivativeSide | null {
  if (!isOp(tokens[equals], '=')) return null;
  return { loss, wrt, name: `∂${loss}/∂${wrt}`, span: { start: tokens[0].span.start, end: tokens[equals - 1].span.end }, equals };
}

export function readDerivative(tokens: Token[]): DerivativeSide | null {
  const first = tokens[0];
  if (!first) return null;
  if (first.kind === 'frac') {
    // \frac{∂E}{∂C}
    if (!isOpen(tokens[1])) return null;
    const top = differential(tokens, 2);
    if (!top || !isClose(tokens[top.next]) || !isOpen(tokens[top.next + 1])) return null;
    const bottom = differential(tokens, top.next + 2);
    if (!bottom || !isClose(tokens[bottom.next])) return null;
    return side(tokens, top.name, bottom.name, bottom.next + 1);
  }
  if (first.kind === 'cmd' && first.value === 'nabla') {
    // \nabla_C E, \nabla_{C} E
    if (!isOp(tokens[1], '_')) return null;
    let i = 2;
    const braced = isOpen(tokens[i]);
    if (braced) i++;
    const wrt = tokens[i];
    if (wrt?.kind !== 'name') return null;
    i++;
    if (braced) {
      if (!isClose(tokens[i])) return null;
      i++;
    }
    const loss = tokens[i];
    if (loss?.kind !== 'name') return null;
    return side(tokens, nameOf(loss), nameOf(wrt), i + 1);
  }
  // ∂E/∂C, dE/dC
  const top = differential(tokens, 0);
  if (!top || !isOp(tokens[top.next], '/')) return null;
  const bottom = differential(tokens, top.next + 1);
  if (!bottom) return null;
  return side(tokens, top.name, bottom.name, bottom.next);
}
