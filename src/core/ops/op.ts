import type { Exprs, Node, Shape2 } from '../grad/expr';
import type { GraphNode, LeafFill } from '../ir/graph';
import type { OpSpec } from '../ir/op-spec';
import type { JacobianRule } from '../jacobian/rules/types';
import type { F64Kernel, KinkSignature } from '../numeric/f64/types';
import type { TfGradient } from '../numeric/tfjs/gradients/types';
import type { TfKernel } from '../numeric/tfjs/types';

/** What reading a node as a matrix expression may ask of the graph around it. */
export interface SymbolicContext {
  /** The graph node of operand k: its rank, or whether it is a constant. */
  inputNode(k: number): GraphNode;
  /**
   * Operand k read as a constant 0/1 mask (a comparison, a dropout draw): a variable of the
   * code's name, or M, that nothing differentiates through; `marks` says what its ones mark.
   */
  mask(k: number, marks: string): Node;
  /** Refuses the node, saying what it is (`a power with a tensor exponent`) in the words every refusal uses. */
  unsupported(what: string): never;
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
    /**
     * Tensor methods (`x.sum(axis=0)`, the receiver is the first parameter). A method of one
     * library only says so: NumPy's `a.repeat(2, axis=0)` repeats each entry where PyTorch's
     * `t.repeat(2, 1)` tiles, and the front end reads the one of the receiver's library.
     */
    methods?: readonly { names: readonly string[]; params: string; attrs?: Readonly<Record<string, number | string | boolean>>; library?: ArrayLibrary }[];
    /**
     * How notes write it in math notation, when they name it as a function. Optional: most
     * ops have no such name (a pad, a masked fill are said in words), and some are notation
     * the math parser reads as operators rather than names (Aᵀ, A⁻¹, A ⊗ B, ‖X‖).
     */
    math?: readonly MathSpelling[];
  };
}

/** The libraries whose arrays have methods of their own. */
export type ArrayLibrary = 'numpy' | 'torch' | 'tensorflow';

/** One function name of math notation and the LaTeX commands that are the same function. */
export interface MathSpelling {
  /** Plain names (`tr(X)`, `logsumexp(z)`), also read inside `\operatorname{…}` and `\mathrm{…}`. */
  names: readonly string[];
  /** LaTeX commands that are this function (`\det`, `\Tr`), without the backslash; read as the first name. */
  latex?: readonly string[];
  /** Attributes the notation fixes: softmax in notes is row-wise. */
  attrs?: Readonly<Record<string, number>>;
  /** With two arguments it is this elementwise op instead: max(a, b) is maximum. */
  pairwise?: string;
  /** Its argument's entries are read as one vector first: Diag(x) is a diagonal matrix whatever x's shape. */
  flattens?: boolean;
}

/** A module's definition (the name first, as for UnaryOp). */
export function opModule<const Name extends string>(name: Name, op: Omit<OpModule<Name>, 'name'>): OpModule<Name> {
  return { name, ...op };
}

/**
 * A leaf of the graph (randn, zeros, placeholder): it has no operands, so no kernels,
 * Jacobian or kinks. Its values are drawn by numeric/leaves.ts as its `fill` says.
 */
export interface LeafModule<Name extends string = string> {
  name: Name;
  /** What it creates, one line, for the op catalog. */
  doc: string;
  /** Its parameters and shape rule (tensors: 0). */
  signature: OpSpec;
  /** How the tracer fills its values and what they are to a check; null when the tracer builds the node itself (a literal). */
  values: { fill: LeafFill; role: 'input' | 'labels' | 'constant' } | null;
  /**
   * How Derive Gradient reads a node of it: as an input variable (random or declared data),
   * as the matrix it builds (shape as a matrix, the node's attributes), or why it cannot.
   */
  symbolic: 'variable' | { read(x: Exprs, shape: Shape2, node: GraphNode, cx: Pick<SymbolicContext, 'unsupported'>): Node } | { unsupported: string };
  /** How people write it in Python (those rewritten by a front-end special are the front end's). */
  spellings: OpModule['spellings'];
}

/** A leaf module's definition (the name first). */
export function leafModule<const Name extends string>(name: Name, op: Omit<LeafModule<Name>, 'name'>): LeafModule<Name> {
  return { name, ...op };
}
