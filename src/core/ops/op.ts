import type { Exprs, Node } from '../grad/expr';
import type { GraphNode } from '../ir/graph';
import type { OpSpec } from '../ir/op-spec';
import type { JacobianRule } from '../jacobian/rules/types';
import type { F64Kernel, KinkSignature } from '../numeric/f64/types';
import type { TfGradient } from '../numeric/tfjs/gradients/types';
import type { TfKernel } from '../numeric/tfjs/types';

/** What reading a node as a matrix expression may ask of the graph around it. */
export interface SymbolicContext {
  /** The graph node of operand k: its rank, or whether it is a constant. */
  inputNode(k: number): GraphNode;
  /** Refuses the node, saying what it is (`a power with a tensor exponent`) in the words every refusal uses, and why. */
  unsupported(what: string, why?: string): never;
}

/**
 * Everything Grad Lens knows about one graph op that is not an elementwise function of one
 * argument (those have the leaner UnaryOp): each pillar in the shape the table it feeds
 * already uses, so a module is the op's row of every table, and the tables are views over
 * the modules (ops/index.ts). Every pillar is required: a module without one does not
 * compile, and "no rule" must be said, with its reason.
 */
export interface OpModule<Name extends string = string> {
  name: Name;
  /** What it computes, one line, for the op catalog. */
  doc: string;
  /** Its parameters, tensor inputs, defaults and shape rule. */
  signature: OpSpec;
  /** The float64 reference kernel (NumPy semantics). */
  f64: F64Kernel;
  /** The TensorFlow.js kernel: differentiable, through ops with gradients or tf.customGrad. */
  tfjs: TfKernel;
  /**
   * Gradients of the TensorFlow.js kernels the kernel above calls (`Add` for add), when it
   * calls tfjs ops rather than tf.customGrad. They are registered process-wide, so every
   * other kernel that calls the same tfjs op uses them too.
   */
  tfjsGradients?: readonly TfGradient[];
  /** Its Jacobian with respect to each operand, as an index network. */
  jacobian: JacobianRule;
  /** How a node of it reads as a matrix expression for Derive Gradient, or why it cannot. */
  symbolic: { read(x: Exprs, node: GraphNode, input: (k: number) => Node, cx: SymbolicContext): Node } | { unsupported: string };
  /** Which branch each element took where the derivative jumps; null when smooth. */
  kinks: KinkSignature | null;
  /** How people write it in Python, in the call-table language of python/bind.ts. */
  spellings: {
    python: readonly { names: readonly string[]; params: string; attrs?: Readonly<Record<string, number | string | boolean>> }[];
    methods?: readonly { names: readonly string[]; params: string }[];
  };
}

/** A module's definition (the name first, as for UnaryOp). */
export function opModule<const Name extends string>(name: Name, op: Omit<OpModule<Name>, 'name'>): OpModule<Name> {
  return { name, ...op };
}
