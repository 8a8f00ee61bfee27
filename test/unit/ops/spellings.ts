// The spellings of an op, written as the code and the notes that use them would: snippets
// built from a module's spelling tables, for the agreement tests to lower through the real
// front ends, and the ops that have no spelling of a kind, each with its reason.
import { strict as assert } from 'node:assert';
import katex from 'katex';
import type { ArrayLibrary } from '../../../src/core/ops/index';

/** How a qualified Python spelling is written after its module is imported. */
export function pythonCall(qualified: string): { imports: string; callee: string } {
  if (qualified.startsWith('builtins.')) return { imports: '', callee: qualified.slice('builtins.'.length) };
  const parts = qualified.split('.');
  return { imports: `import ${parts.slice(0, -1).join('.')}\n`, callee: qualified };
}

/**
 * The arguments a call of this signature (python/bind.ts's language) needs: a tensor for each
 * positional parameter (X first), a shape where one is required, two sizes for `*shape`;
 * keyword parameters are left to their defaults.
 */
function argumentsFor(params: string, skipFirst: boolean): string {
  const tensors = ['X', 'Y', 'Z', 'W'];
  const out: string[] = [];
  const list = params.split(',').map((p) => p.trim()).filter(Boolean);
  for (const p of skipFirst ? list.slice(1) : list) {
    if (p.startsWith('-') || p.includes('=') || p.endsWith('?')) continue;
    if (p.startsWith('*')) out.push('2, 1');
    else if (p.startsWith('@')) out.push('(3, 4)');
    else out.push(tensors[out.length] ?? `T${out.length}`);
  }
  return out.join(', ');
}

/** `y = numpy.tile(X)` for a qualified spelling, with its module imported. */
export function functionSnippet(qualified: string, params: string): string {
  const { imports, callee } = pythonCall(qualified);
  return `${imports}y = ${callee}(${argumentsFor(params, false)})\n`;
}

const MAKERS: Record<ArrayLibrary, string> = {
  numpy: 'import numpy\nX = numpy.zeros((3, 4))\n',
  torch: 'import torch\nX = torch.zeros(3, 4)\n',
  tensorflow: 'import tensorflow\nX = tensorflow.zeros((3, 4))\n',
};

/** `y = X.repeat(2, 1)`, X made by the method's library when it is one library's. */
export function methodSnippet(name: string, params: string, library: ArrayLibrary | undefined): string {
  const setup = library ? MAKERS[library] : 'import numpy\nimport torch\nimport tensorflow\n';
  return `${setup}y = X.${name}(${argumentsFor(params, true)})\n`;
}

/** The ops of every call in a lowered program or expression. */
export function callOps(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) callOps(v, out);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record.kind === 'call' && typeof record.op === 'string') out.add(record.op);
    for (const key of Object.keys(record)) if (key !== 'span') callOps(record[key], out);
  }
  return out;
}

export function assertKatexRenders(latex: string, what: string): void {
  assert.doesNotThrow(() => katex.renderToString(latex, { throwOnError: true }), `${what}: ${latex}`);
}

const LAYOUT = 'array bookkeeping: notes write the shape of the result or the block matrix, not a function name';
const OPERATOR = 'an operator the math parser reads (tables.ts BINARY_OPERATORS), not a name';
const COMPARISON = 'a comparison: notes use it in conditions, which the math front end does not read';

/** General modules without a math-notation function name, and why. */
export const NO_MATH_SPELLING: Readonly<Record<string, string>> = {
  clip: 'written min(max(x, a), b) or in words',
  tril: 'the triangular part is said in words or with an index condition',
  triu: 'the triangular part is said in words or with an index condition',
  stack: LAYOUT,
  concat: LAYOUT,
  split: LAYOUT,
  pad: LAYOUT,
  reshape: LAYOUT + ' (vec(X) is read, as reshape(transpose(X)), tables.ts NOTATION)',
  flatten: LAYOUT,
  expand_dims: LAYOUT,
  squeeze: LAYOUT,
  broadcast_to: LAYOUT,
  tile: LAYOUT + ' (or 1 ⊗ X, read as kron)',
  repeat: LAYOUT + ' (or X ⊗ 1, read as kron)',
  flip: LAYOUT,
  masked_fill: 'a condition on the entries, said in words',
  dropout: 'random, said in words',
  einsum: 'written as an indexed sum (∑_j a_ij b_jk), which the parser reads as a sum of products',
  tensordot: 'written as an indexed sum, which the parser reads as a sum of products',
  kron: 'the operator A ⊗ B, which the parser reads',
  solve: 'written A⁻¹b, which the parser reads as inv and a product',
  prod: 'written ∏, which the math front end does not read',
  norm: 'norm(X) and ‖X‖ are written out as sqrt(sum(square(X))) (tables.ts NOTATION), so a derivation sees the parts',
  add: OPERATOR,
  sub: OPERATOR,
  mul: OPERATOR,
  div: OPERATOR,
  pow: OPERATOR,
  maximum: 'max(a, b) with two arguments: the max module’s pairwise spelling',
  minimum: 'min(a, b) with two arguments: the min module’s pairwise spelling',
  gt: COMPARISON,
  ge: COMPARISON,
  lt: COMPARISON,
  le: COMPARISON,
  eq: COMPARISON,
  where: 'cases are written with a brace and conditions, which the math front end does not read',
  argmax: 'an index, said in words: no derivation differentiates it',
  matmul: 'juxtaposition, ·, × and @, which the parser reads',
  transpose: 'the postfix ^T, ^⊤, ′ and ᵀ, which the parser reads',
  outer: 'written x yᵀ, a product with a transpose',
  neg: 'the prefix minus, which the parser reads',
  copy: 'a copy is the same matrix: notes do not write it',
  zeros_like: 'written 0, sized by the context (context-sizes.ts)',
  ones_like: 'written 1 or 𝟙, sized by the context (context-sizes.ts)',
  index: 'entries and rows are written with subscripts (y_i, Z_{i,:}), which notes use in words',
  index_update: 'an assignment to entries, which notes do not make',
  one_hot: 'a one-hot matrix is declared (Y ∈ {0,1}^{N×K}, rows summing to 1), not computed',
  cross_entropy: 'written out, −Σ Y ⊙ log softmax(Z), as the seed writes it',
  softmax_cross_entropy: 'written out, −Σ Y ⊙ log softmax(Z), as the seed writes it',
  conv2d: 'a convolution is said in words or as an indexed sum',
  max_pool2d: 'pooling is said in words',
  layer_norm: 'written out with the row mean and variance, which the parser reads',
  batch_norm: 'written out with the column mean and variance, which the parser reads',
};

/** General modules without a Python function spelling, and why. */
export const NO_PYTHON_SPELLING: Readonly<Record<string, string>> = {
  gt: 'the operator > (python/calls.ts COMPARISONS)',
  ge: 'the operator >= (python/calls.ts COMPARISONS)',
  lt: 'the operator < (python/calls.ts COMPARISONS)',
  le: 'the operator <= (python/calls.ts COMPARISONS)',
  eq: 'the operator == (python/calls.ts COMPARISONS)',
  index: 'subscripts x[i, :] (python/expressions.ts)',
  index_update: 'assignments x[i] = v and x[i] += v (python/lower.ts)',
  layer_norm: 'F.layer_norm fills in a missing weight and bias (python/calls.ts normSpecial)',
  batch_norm: 'F.batch_norm is read only with training=True, and fills in a missing weight and bias (python/calls.ts normSpecial)',
};
