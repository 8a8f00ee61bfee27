import type { Tensor } from '@tensorflow/tfjs-core';
import type { Exprs, Node } from '../grad/expr';
import type { Tf } from '../numeric/tfjs/tf';

/**
 * Everything Grad Lens knows about one elementwise function y = f(x): one module per op
 * (src/core/ops/elementwise/<name>.ts) fills this in, and every table that needs the op —
 * the op table and shape rule, the float64 and TensorFlow.js kernels, the Jacobian rules,
 * the matrix-calculus rules, the printers, the kinks, the front ends' spellings — is a
 * view built from the list of modules (ops/index.ts). Every field that a pillar needs is
 * required, so a module that leaves one out does not compile.
 */
export interface UnaryOp<Name extends string = string> {
  /** The canonical op name front ends emit and graph nodes carry. */
  name: Name;
  /** What it computes, one line, for the op catalog. */
  doc: string;
  /**
   * A number the call may set (leaky_relu's slope), read from the call's attribute of this
   * name; `read` turns what the source wrote (`approximate='tanh'`) into the number.
   */
  param?: { name: string; default: number; read?: (value: unknown) => number };
  /** Integers stay integers (abs, sign); every other map gives floats. */
  keepsDtype?: boolean;
  /** Defined for positive inputs only (log, sqrt): checks draw their random inputs there. */
  domain?: 'positive';

  /** The float64 reference at one element; `p` is the parameter (0 when there is none). */
  f64(v: number, p: number): number;

  /** TensorFlow.js (float32): the forward, and dx = dy ⊙ f′(x) from dy, x and y = f(x). */
  tfjs: {
    forward(tf: Tf, x: Tensor, p: number): Tensor;
    gradient(tf: Tf, dy: Tensor, x: Tensor, y: Tensor, p: number): Tensor;
  };

  /**
   * The matrix-calculus rule. `derivative` builds f′(A) from the argument A and the result
   * Y = f(A) (Y.value holds the parameter): it is the symbolic rule (dY = f′(A) ⊙ dA,
   * G_A = G ⊙ f′(A)), the diagonal of the Jacobian, and what both print. `times`, when
   * given, writes G ⊙ f′(A) the way a person would (G ⊘ A for log) and must equal it.
   */
  symbolic: {
    derivative(x: Exprs, y: Node, a: Node): Node;
    times?(x: Exprs, g: Node, y: Node, a: Node): Node;
  };

  /**
   * Where f′ jumps (relu at 0, clip at its bounds): a finite difference that straddles one
   * says nothing, so the check watches which side each element is on. [] when smooth.
   */
  kinks: readonly number[];

  /** How it prints: plain text, LaTeX (KaTeX), and NumPy code applied to `arg`. */
  print: {
    text: string;
    latex: string;
    numpy(arg: string, p: number): string;
    /** A NumPy helper the code above calls, defined once at the top of the module. */
    numpyHelper?: { name: string; code: string };
  };

  /** How people write it. */
  spellings: {
    /**
     * Qualified library functions (`torch.nn.functional.softplus`, `numpy.sin`), taking `x`;
     * a group whose parameters differ gives them in the call-table language (python/bind.ts),
     * and `attrs` where its library's default differs from the module's.
     */
    python: readonly (string | { names: readonly string[]; params: string; attrs?: Readonly<Record<string, number>> })[];
    /** Tensor methods (`x.sigmoid()`). */
    methods?: readonly string[];
    /** Layer classes that apply it (`torch.nn.Softplus`), with their constructor parameters. */
    layers?: readonly { qualified: string; params: string; stem: string; keras?: boolean; attrs?: Readonly<Record<string, number>> }[];
    /** Keras `activation=` strings. */
    activations?: readonly string[];
    /** Function names in math notation (`softplus(x)`, `\operatorname{softplus}`). */
    math: readonly string[];
    /** LaTeX commands that are this function (`\sin`), without the backslash. */
    latex?: readonly string[];
  };
}

/**
 * A module's definition. The name comes first so that its literal type (for the union of
 * op names) is fixed before the rest is checked: derivatives may call other functions.
 */
export function unaryOp<const Name extends string>(name: Name, op: Omit<UnaryOp<Name>, 'name'>): UnaryOp<Name> {
  return { name, ...op };
}

/** The parameter a call's attributes give, or the op's default. */
export function paramOf(op: UnaryOp, attrs: Readonly<Record<string, unknown>>): number {
  if (!op.param) return 0;
  const raw = attrs[op.param.name];
  if (raw === undefined || raw === null) return op.param.default;
  if (op.param.read) return op.param.read(raw);
  return typeof raw === 'number' ? raw : typeof raw === 'boolean' ? Number(raw) : op.param.default;
}
