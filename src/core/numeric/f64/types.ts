import type { GraphNode } from '../../ir/graph';
import type { NumericEnv } from '../env';
import type { F64Tensor } from '../tensor';

export interface KernelContext {
  node: GraphNode;
  /** The node's traced shape with its symbols resolved (reshape and creation ops need it). */
  shape: number[];
  inputNodes: GraphNode[];
  env: NumericEnv;
}

/** One op in float64, NumPy semantics. Throws an Error whose message a person can read. */
export type F64Kernel = (inputs: F64Tensor[], ctx: KernelContext) => F64Tensor;

export type KernelTable = Record<string, F64Kernel>;

/**
 * Which branch each non-smooth op took, hashed to one number per node. A finite
 * difference whose perturbed runs change a hash has crossed a kink (relu at 0, a tie in
 * maximum/max, a flipped comparison or argmax) and says nothing about the derivative.
 */
export type KinkSignature = (inputs: F64Tensor[], output: F64Tensor, ctx: KernelContext) => number;
