import { cross_entropy } from './cross_entropy';
import { softmax_cross_entropy } from './softmax_cross_entropy';

/** The fused losses, a softmax and a cross-entropy in one op. */
export const LOSS_OPS = [cross_entropy, softmax_cross_entropy] as const;
