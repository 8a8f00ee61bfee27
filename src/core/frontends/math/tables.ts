/**
 * The math notation as data: which spellings are operators, which are functions, and
 * what canonical op (OP_CATALOG) each becomes. The tokenizer, the LaTeX reader and the
 * parser only consult these tables, so adding a spelling is adding a row: an operator's
 * here, a function's in its op module (`spellings.math`), of which FUNCTIONS is a view.
 */
import type { CanonicalOp } from '../../ir/program';
import { type MathSpelling, OP_MODULES, UNARY_OPS } from '../../ops/index';

export type TokenKind =
  | 'num' // 1024, 0.5
  | 'name' // A, W_1, \mathbf{x}, \alpha
  | 'func' // \log, \operatorname{softmax}, √ (plain `log` stays a name; the parser decides)
  | 'sum' // \sum_{i,j}, Σ, ∑
  | 'frac' // \frac, \dfrac, \tfrac
  | 'op' // + - * .* ^ ' = : , ‖ | …
  | 'open' // ( [ {
  | 'close' // ) ] }
  | 'post' // ᵀ ⁻¹ ² ³: a postfix written as one character
  | 'text' // \text{…}, \quad: prose inside math, a clause boundary
  | 'cmd'; // a construct we do not read (\partial, \nabla, \ldots): statements using it are skipped

/** Multi-character ASCII operators first: the tokenizer takes the longest match. */
export const ASCII_OPERATORS: ReadonlyArray<readonly [string, TokenKind, string]> = [
  ['.*', 'op', '.*'],
  ['./', 'op', './'],
  ['.^', 'op', '.^'],
  ['**', 'op', '.^'], // Python's power, elementwise like .^
  [':=', 'op', '='],
  ['||', 'op', '‖'],
  ['+', 'op', '+'],
  ['-', 'op', '-'],
  ['*', 'op', '*'],
  ['@', 'op', '*'], // NumPy's matmul, seen in notes written next to code
  ['/', 'op', '/'],
  ['^', 'op', '^'],
  ['_', 'op', '_'],
  ["'", 'op', "'"],
  [',', 'op', ','],
  [';', 'op', ';'],
  [':', 'op', ':'],
  ['=', 'op', '='],
  ['?', 'op', '?'],
  ['|', 'op', '|'],
  ['.', 'op', '.'],
  ['(', 'open', '('],
  [')', 'close', ')'],
  ['[', 'open', '['],
  [']', 'close', ']'],
  ['{', 'open', '{'],
  ['}', 'close', '}'],
];

/** Unicode spellings, by the text they match (some are two code units long). */
export const UNICODE_TOKENS: Readonly<Record<string, { kind: TokenKind; value: string }>> = {
  '·': { kind: 'op', value: '*' },
  '⋅': { kind: 'op', value: '*' },
  '•': { kind: 'op', value: '*' },
  '∙': { kind: 'op', value: '*' },
  '∗': { kind: 'op', value: '*' },
  '×': { kind: 'op', value: '×' },
  '⊙': { kind: 'op', value: '.*' },
  '∘': { kind: 'op', value: '.*' },
  '⊘': { kind: 'op', value: './' },
  '÷': { kind: 'op', value: '/' },
  '−': { kind: 'op', value: '-' },
  '⊗': { kind: 'op', value: '⊗' },
  '∈': { kind: 'op', value: '∈' },
  '‖': { kind: 'op', value: '‖' },
  '≔': { kind: 'op', value: '=' },
  'ᵀ': { kind: 'post', value: 'T' },
  '⁻¹': { kind: 'post', value: '-1' },
  '⁻ᵀ': { kind: 'post', value: '-T' },
  '²': { kind: 'post', value: '2' },
  '³': { kind: 'post', value: '3' },
  '∑': { kind: 'sum', value: 'sum' },
  'Σ': { kind: 'sum', value: 'sum' },
  '√': { kind: 'func', value: 'sqrt' },
  '⊤': { kind: 'name', value: 'T' },
  'ℝ': { kind: 'name', value: 'ℝ' },
};

/**
 * Binary operators: binding power (higher binds tighter) and what they build.
 * `product` is `*`, `·`, `×` and juxtaposition: a matrix product, except that a
 * scalar factor (a number, a declared scalar, an entry inside an indexed sum) scales.
 */
export type BinaryKind = 'add' | 'sub' | 'product' | 'mul' | 'div' | 'pow' | 'frobenius' | 'kron';

export const BINARY_OPERATORS: Readonly<Record<string, { bp: number; kind: BinaryKind }>> = {
  ':': { bp: 5, kind: 'frobenius' }, // A:B = sum(A ⊙ B), below + as in the matrix-calculus texts
  '+': { bp: 10, kind: 'add' },
  '-': { bp: 10, kind: 'sub' },
  '*': { bp: 20, kind: 'product' },
  '×': { bp: 20, kind: 'product' },
  '.*': { bp: 20, kind: 'mul' },
  './': { bp: 20, kind: 'div' },
  '/': { bp: 20, kind: 'div' },
  '⊗': { bp: 20, kind: 'kron' },
  '.^': { bp: 30, kind: 'pow' },
};

export const BP = {
  /** Sum bodies take a product term: `\sum_i a_i b_i + c` is `(\sum_i a_i b_i) + c`. */
  summand: 15,
  product: 20,
  /** Unary minus binds tighter than products but looser than powers: -x^2 = -(x^2). */
  prefix: 25,
  /** A function without parentheses takes one factor: `\log x_{ij}`. */
  functionArg: 25,
  postfix: 30,
} as const;

export interface FunctionSpec {
  op: CanonicalOp;
  /** Accepted argument counts. */
  args: readonly [number, number];
  /** Fixed attributes, e.g. softmax is row-wise in math notation. */
  kwargs?: Readonly<Record<string, number>>;
  /** With two arguments, this elementwise op instead (max(a, b)). */
  pairwise?: CanonicalOp;
  /** Lowered by the parser rather than emitted as one call. */
  lower?: 'norm' | 'vec' | 'diagonal-matrix';
}

/** A function spelling of an op module (ops/): its own op, with what the notation fixes. */
function moduleFunction(op: CanonicalOp, spelling: MathSpelling): FunctionSpec {
  return {
    op,
    args: spelling.pairwise ? [1, 2] : [1, 1],
    ...(spelling.attrs && { kwargs: spelling.attrs }),
    ...(spelling.pairwise && { pairwise: spelling.pairwise as CanonicalOp }),
    ...(spelling.flattens && { lower: 'diagonal-matrix' as const }),
  };
}

/**
 * Notation that is no op module's own name: vec and the norm are written out with other ops
 * (lower.ts; the norm as sqrt(sum(square(X))), as ‖X‖ is).
 */
const NOTATION: Readonly<Record<string, FunctionSpec>> = {
  vec: { op: 'reshape', args: [1, 1], lower: 'vec' },
  norm: { op: 'sqrt', args: [1, 2], lower: 'norm' },
};

/**
 * Function spellings (plain, `\log`, `\operatorname{tr}`, `\mathrm{tr}` all look up here): a
 * view over the modules' math spellings, elementwise and general, and the notation above.
 */
export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  ...Object.fromEntries(UNARY_OPS.flatMap((op) => op.spellings.math.map((name) => [name, { op: op.name, args: [1, 1] }]))),
  ...Object.fromEntries(OP_MODULES.flatMap((op) => (op.spellings.math ?? []).flatMap((s) => s.names.map((name) => [name, moduleFunction(op.name, s)])))),
  ...NOTATION,
};

export function functionSpec(name: string): FunctionSpec | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}

/** Ops whose result is a scalar whatever their argument (used to decide when `*` scales). */
export const SCALAR_RESULT_OPS: ReadonlySet<string> = new Set(['sum', 'trace', 'det', 'logdet', 'mean', 'max', 'min', 'logsumexp']);

/** Elementwise ops: scalar in, scalar out. */
export const ELEMENTWISE_OPS: ReadonlySet<string> = new Set([
  'add', 'sub', 'mul', 'div', 'pow', 'neg', 'square', 'maximum', 'minimum', ...UNARY_OPS.map((op) => op.name),
]);

/** Words that join the names and shapes of a prose declaration ("A, B and C are … respectively"). */
export const LIST_WORDS: ReadonlySet<string> = new Set(['and', '&']);
export const COPULA_WORDS: ReadonlySet<string> = new Set(['are', 'is', 'be']);
