import type { OpModule } from '../op';
import { triangle } from './triangle';

/** The lower triangle: the causal mask of attention (`torch.tril(torch.ones(T, T))`). */
export const tril: OpModule<'tril'> = triangle('tril');
