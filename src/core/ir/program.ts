import type { LeafOpName, OpModuleName, UnaryOpName } from '../ops/index';
import type { Problem } from './problem';
import type { Span } from './span';

/**
 * The Program is what every front end (Python, math notation, TypeScript) produces:
 * straight statements over a small expression language whose calls already name
 * canonical ops from the op table (see OP_CATALOG below). Front ends resolve the
 * library spelling (`np.dot`, `torch.mm`, `tf.matmul`, `*` in math) to the canonical
 * op, and keep the source span of everything so the problems can point at it.
 */

export type Expr =
  | NumExpr
  | StrExpr
  | ConstExpr
  | NameExpr
  | TupleExpr
  | DictExpr
  | ComprehensionExpr
  | CallExpr
  | IndexExpr
  | InvokeExpr
  | UnsupportedExpr;

export interface NumExpr {
  kind: 'num';
  value: number;
  span: Span;
}

export interface StrExpr {
  kind: 'str';
  value: string;
  span: Span;
}

/** `None` / `?` (an unknown dim when used as a dim), `True`, `False`. */
export interface ConstExpr {
  kind: 'const';
  value: null | boolean;
  span: Span;
}

export interface NameExpr {
  kind: 'name';
  /** Dotted names are kept whole: `self.W1`, `params.W`. */
  name: string;
  span: Span;
}

/** Python tuples and lists, shape lists, math dims. */
export interface TupleExpr {
  kind: 'tuple';
  items: Expr[];
  span: Span;
}

/**
 * A dict literal with string keys (`{'stride': 1, 'pad': 1}`): configuration handed to a
 * function, read back as `conv_param['stride']`.
 */
export interface DictExpr {
  kind: 'dict';
  keys: string[];
  items: Expr[];
  span: Span;
}

/**
 * `[Block(d) for _ in range(n_layer)]`: a list of the body's values, one per item of `iter`
 * (a range of known length, or a list), unrolled by the interpreter within its loop budget.
 */
export interface ComprehensionExpr {
  kind: 'comprehension';
  body: Expr;
  target: Target;
  iter: Expr;
  span: Span;
}

/**
 * The kwargs of every call that has none: one shared, frozen object rather than an empty
 * one per call kept in the Program. Copy before adding to a call's kwargs.
 */
export const NO_KWARGS: Record<string, Expr> = Object.freeze({}) as Record<string, Expr>;

export interface CallExpr {
  kind: 'call';
  /** A canonical op name from OP_CATALOG. */
  op: string;
  args: Expr[];
  kwargs: Record<string, Expr>;
  span: Span;
  /** The spelling in the source (`np.dot`, `@`, `self.fc1`), used in messages. */
  callee: string;
  /**
   * A layer constructed where it is applied (`layers.Conv2D(16, 3)(x)`): each time the code
   * runs it, it is a new layer with parameters of its own, not the same one applied again.
   */
  fresh?: true;
}

export type IndexItem =
  | { kind: 'slice'; start?: Expr; stop?: Expr; step?: Expr; span: Span }
  | { kind: 'newaxis'; span: Span }
  | { kind: 'ellipsis'; span: Span }
  /** An integer, an integer array (fancy index) or a boolean mask. */
  | { kind: 'expr'; expr: Expr; span: Span };

export interface IndexExpr {
  kind: 'index';
  target: Expr;
  items: IndexItem[];
  span: Span;
}

/**
 * A call of something the front end does not know as a library spelling: a user function
 * (`affine_forward(x, w, b)`), a class (`Net(784)`), an instance (`model(x)`) or a method
 * (`self.encode(x)`). The interpreter looks the name up where it is called; a name that is
 * none of these is reported as unsupported, `name` standing for the call as written.
 */
export interface InvokeExpr {
  kind: 'invoke';
  /** Dotted as written: `affine_forward`, `model`, `self.encode`. */
  name: string;
  args: Expr[];
  /** By the keyword as written (no library aliases). */
  kwargs: Record<string, Expr>;
  span: Span;
}

/** Something the front end recognised as an expression but cannot interpret. */
export interface UnsupportedExpr {
  kind: 'unsupported';
  /** The call or construct as written, e.g. `np.linalg.svd`. */
  text: string;
  args: Expr[];
  span: Span;
}

export type Target =
  | { kind: 'name'; name: string; span: Span }
  | { kind: 'tuple'; items: Target[]; span: Span }
  | { kind: 'index'; name: string; items: IndexItem[]; span: Span };

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=';

export type Stmt = AssignStmt | DeclareStmt | ForStmt | IfStmt | ExprStmt | CycleStmt | DefStmt | ClassStmt;

export interface AssignStmt {
  kind: 'assign';
  target: Target;
  op: AssignOp;
  value: Expr;
  span: Span;
  /**
   * A where clause written in terms of the name it defines (`B = C·B`, B declared): the
   * value is bound under this other name (`C·B`), which the uses it explains read; the
   * name itself, and what a gradient is taken with respect to, stay the declared one.
   */
  standsIn?: string;
  /**
   * A note's line stating a derivative (`∂E/∂C = …`): the value is its claim for the
   * gradient of `loss` with respect to `wrt`, checked like a gradient written by hand.
   */
  claims?: { loss: string; wrt: string };
  /** A line of a derivation in differentials (see Program.derivations): neither a layer nor a gradient. */
  derivation?: true;
  /**
   * A note's statement about a size its declarations use (`N = D`, `N = 64`): the symbols are
   * one size from here on, or the symbol has that value; no tensor is defined.
   */
  size?: true;
  /**
   * `np.add.at(a, idx, v)`: an index target's `+=` where every index contributes, so a
   * repeated index adds each of its values (plain `a[idx] += v` keeps only the last).
   */
  accumulate?: true;
}

/**
 * A chain `dE = … = … : dc` in a note: the statements named in `links` hold each link's
 * value once the differential bindings (`d⟨x⟩` → x) hold the change of their names along
 * a direction in which the inputs `varying` (or, when empty, all inputs) move.
 */
export interface Derivation {
  /** The name whose differential the chain is (`E` for `dE = …`). */
  of: string;
  head: string;
  links: { name: string; span: Span }[];
  /** Binding name → the name it is the differential of. */
  differentials: Record<string, string>;
  varying: string[];
}

/**
 * A shape that comes from a comment (`# C: (N, 1568)`), a type annotation
 * (`Float[Array, "N 1568"]`), a math declaration (`A: 1024 x 10`) or a function
 * parameter. Dims are `num` (known), `name` (a symbol such as N or batch),
 * `const null` (`?`/`None`, unknown) or arithmetic calls (`mul`, `add`) over them.
 */
export interface DeclareStmt {
  kind: 'declare';
  name: string;
  /** null when the name is known to exist (a function parameter) but its shape is not given. */
  dims: Expr[] | null;
  /** What the declared value is: data fed in, a learnable parameter, or integer labels. */
  role: 'input' | 'param' | 'labels';
  source: 'comment' | 'annotation' | 'declaration' | 'parameter' | 'setting' | 'assert';
  /** The position of a jaxtyping `*batch` dim: any number of axes when checking a value, one when declaring. */
  variadic?: number;
  span: Span;
}

/** `for i in range(n):` — unrolled by the interpreter with a bound. */
export interface ForStmt {
  kind: 'for';
  target: Target;
  iter: Expr;
  body: Stmt[];
  span: Span;
}

export interface IfStmt {
  kind: 'if';
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
  span: Span;
}

/** A bare expression (a call for its effect, a `return`): shapes are still checked. */
export interface ExprStmt {
  kind: 'expr';
  value: Expr;
  span: Span;
  isReturn?: boolean;
}

/**
 * A definition that refers to itself in math notation (`B = C • B`): not an update
 * as in code, a cyclic definition. The front end reports it as a problem; the statement
 * keeps the name defined by its earlier value.
 */
export interface CycleStmt {
  kind: 'cycle';
  name: string;
  span: Span;
}

/** A parameter of a user function, bound at each call. */
export interface Param {
  name: string;
  span: Span;
}

/**
 * `def name(params): body`. Not run where it is defined: the interpreter follows it at each
 * call with the arguments bound, and traces a function that is never called once on its own
 * (parameters from `head`). `head` holds what the front end knows of the parameters before
 * the body: a declaration per parameter (from an annotation, a shape comment, or with
 * unknown dims) and the assignment of each default value; at a call, a declaration of a
 * bound parameter is an assertion and the defaults of bound ones are skipped.
 */
export interface DefStmt {
  kind: 'def';
  name: string;
  params: Param[];
  head: Stmt[];
  body: Stmt[];
  /** The `def` line through the end of the body. */
  span: Span;
  /** Where the body's first line starts (its indentation included): where a comment goes. */
  bodyLine: number;
}

/**
 * `class Name(bases): ...` read as a record of methods. `Name(...)` makes an instance by
 * following `__init__`; `instance(x)` follows `forward` (PyTorch) or `call` (Keras).
 */
export interface ClassStmt {
  kind: 'class';
  name: string;
  methods: DefStmt[];
  /** Class attributes (`expansion = 4` in the class body): read as `self.expansion` and `Block.expansion`. */
  attributes?: { name: string; value: Expr; span: Span }[];
  span: Span;
}

export type Language = 'python' | 'math' | 'typescript';

export interface Program {
  language: Language;
  stmts: Stmt[];
  /** Syntax errors and front-end problems (unsupported constructs, cycles). */
  problems: Problem[];
  /** Derivations in differentials (math notes), for the check to judge link by link. */
  derivations?: Derivation[];
}

/**
 * The canonical ops a front end may emit in CallExpr.op, with their argument
 * conventions. Positional args unless noted; kwargs are attributes. Axis values are
 * numbers (negative allowed); shapes are a single TupleExpr of dim expressions (an item
 * that evaluates to a tuple, as in `np.zeros(X.shape)` or `(N, *rest)`, is spliced in).
 */
export const OP_CATALOG = {
  // Creation (the leaves with a module, ops/creation/, are documented there). `shape` is a TupleExpr.
  array: 'array(data, dtype=str?) — np.array, torch.tensor, tf.constant of a nested list: a leaf with its shape and its values (dtype "float" | "int" | "bool", else as written); a list of tensors is stacked, a tensor handed through',
  // Python iterables and lists.
  reversed: 'reversed(xs) — a Python iterable in reverse order, as in `for t in reversed(range(T))`',
  enumerate: 'enumerate(xs, start=0) — (index, item) pairs of a Python iterable',
  zip: 'zip(a, b, …) — tuples of the items of Python iterables taken together',
  list: 'list(xs) — `list(...)`, `tuple(...)`: the items of a Python iterable, as a list',
  list_append: 'list_append(xs, x) — `xs.append(x)`: the list with one more item (a name bound to anything else is left as it is)',
  list_extend: 'list_extend(xs, ys) — `xs.extend(ys)`: the list with the items of another',
  dim: 'dim(x, axis) — a scalar int: X.shape[0], x.size(0), len(x), tf.shape(x)[0]',
  shape: 'shape(x) — the tuple X.shape (for `N, D = X.shape`)',
  let: 'let(value, body, name=str) — value evaluated once and bound to name (written ⟨…⟩, never a Python name) while body is evaluated: a library call written as several ops that use an argument more than once',
  // Layers: each call creates (once per kwarg name) the parameters named `<name>.weight`, `<name>.bias`.
  linear: 'linear(x, in_features, out_features, name=str, bias=const) — nn.Linear applied; weight (out,in), bias (out,)',
  dense: 'dense(x, units, name=str, activation=str?) — keras Dense; kernel (in,units) inferred from x, bias (units,)',
  conv2d_layer: 'conv2d_layer(x, in_channels, out_channels, kernel_size, stride=, padding=, dilation=, groups=, name=) — nn.Conv2d, NCHW',
  keras_conv2d: 'keras_conv2d(x, filters, kernel_size, strides=, padding=str, dilation=, groups=, name=, activation=) — keras Conv2D, NHWC',
  norm_layer: 'norm_layer(x, kind=str, layout=str, normalized=, eps=, name=) — BatchNorm with training statistics (kind batch: over every axis but the channels) or LayerNorm (kind layer: over the last `normalized` axes): (x − mean) / √(var + eps) · weight + bias',
  embedding: 'embedding(x, num_embeddings, embedding_dim, name=, weight_name=) — nn.Embedding / keras Embedding: the table row of each integer of x, (…, embedding_dim)',
  conv1d_layer: 'conv1d_layer(x, in_channels?, out_channels, kernel_size, stride=, padding=, dilation=, groups=, layout=str, name=, activation=) — nn.Conv1d (NCL) / keras Conv1D (NLC, no in_channels)',
  conv_transpose2d_layer: 'conv_transpose2d_layer(x, in_channels?, out_channels, kernel_size, stride=, padding=, output_padding=, dilation=, groups=, layout=str, name=, activation=) — nn.ConvTranspose2d (NCHW) / keras Conv2DTranspose (NHWC)',
  recurrent_layer: 'recurrent_layer(x, input_size?, hidden_size, cell=str, num_layers=, batch_first=, bidirectional=, return_sequences=, return_state=, framework=str, name=) — nn.RNN/LSTM/GRU (out, h) or (out, (h, c)); keras SimpleRNN/LSTM/GRU',
  attention_layer: 'attention_layer(query, key?, value?, embed_dim | num_heads, num_heads | key_dim, batch_first=, framework=str, name=) — nn.MultiheadAttention (out, weights) / keras MultiHeadAttention',
  transformer_layer: 'transformer_layer(x, d_model?, nhead?, dim_feedforward=, batch_first=, norm_first=) — nn.TransformerEncoderLayer / nn.TransformerEncoder: the shape of its input (its features checked against d_model), its values not computed',
  transformer_decoder_layer: 'transformer_decoder_layer(tgt, memory, d_model?, nhead?, …) — nn.TransformerDecoderLayer / nn.TransformerDecoder / nn.Transformer applied to (src or tgt, memory or tgt): the shape of its second input for nn.Transformer, of its first otherwise; values not computed',
  upsample_layer: 'upsample_layer(x, size=, scale_factor=, mode=str, layout=str) — nn.Upsample / F.interpolate (NCHW) / keras UpSampling2D (NHWC): nearest by whole factors repeats each pixel; another mode keeps the shape, its values not computed',
} as const;

/** The ops of the catalog above, and those that have their own module (ops/). */
export type CanonicalOp = keyof typeof OP_CATALOG | UnaryOpName | OpModuleName | LeafOpName;
