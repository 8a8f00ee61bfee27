import { type P, sym } from './formula';
import { latexSize } from './sizes';

/** A text subscript: I_N, I_{10}. */
export const textSub = (s: string) => (s.length > 1 ? `_{${s}}` : `_${s}`);

/** The identity matrix, with its size as a subscript when given. */
export function identityP(n?: string): P {
  return n ? sym(`I${textSub(n)}`, `I_{${latexSize(n)}}`) : sym('I');
}
