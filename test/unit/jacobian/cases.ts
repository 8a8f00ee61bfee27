// The Jacobians the tests check, each with the structure it must have in both vec orders
// and, where the class has a closed form, that form built numerically from the values.
import type { Expr } from '../../../src/core/ir/program';
import type { StructureClass, VecOrder } from '../../../src/core/jacobian/types';
import { add, blockdiag, commutation, type Dense, diag, eye, kron, matmul, ones, rowVectors, scaleBy, softmaxRows, transpose, zeros } from './numeric';

const at = { start: 0, end: 0 };
export const name = (n: string): Expr => ({ kind: 'name', name: n, span: at });
export const num = (value: number): Expr => ({ kind: 'num', value, span: at });
export const call = (op: string, args: Expr[], kwargs: Record<string, Expr> = {}): Expr => ({ kind: 'call', op, args, kwargs, span: at, callee: op });
export const tuple = (...items: Expr[]): Expr => ({ kind: 'tuple', items, span: at });

/** Values by name (leaves and named results), as matrices; vectors as columns. */
export type Lookup = (name: string) => Dense;

export interface Expected {
  structure: StructureClass;
  formula?: string;
  /** The closed form at the test's values, in this vec order. */
  closed?: (v: Lookup) => Dense;
}

export interface Case {
  title: string;
  expr: string | Expr;
  shapes: Record<string, (number | string)[]>;
  wrt: string;
  dims?: Record<string, number>;
  rowsFormula: string;
  colsFormula: string;
  expect: Record<VecOrder, Expected>;
}

/** blockdiag over the rows sₙ of S of Diag(sₙ) − sₙsₙᵀ. */
export function softmaxBlocks(s: Dense): Dense {
  return blockdiag(rowVectors(s).map((x) => add(diag(x.data), matmul(x, transpose(x)), -1)));
}

/** K_{q,p} · J_row · K_{m,n}: a row-major Jacobian (F p×q, X m×n) seen in column-major vec. */
export function toColumnMajor(jRow: Dense, p: number, q: number, m: number, n: number): Dense {
  return matmul(matmul(commutation(q, p), jRow), commutation(m, n));
}

function vecRow(x: Dense): Dense {
  return { rows: x.rows * x.cols, cols: 1, data: x.data };
}

function vecCol(x: Dense): Dense {
  return vecRow(transpose(x));
}

export const CASES: Case[] = [
  {
    title: 'matmul with X on the left: X·B',
    expr: 'X*B',
    shapes: { X: [3, 4], B: [4, 2] },
    wrt: 'X',
    rowsFormula: '6',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'kronecker', formula: 'Bᵀ ⊗ I_3', closed: (v) => kron(transpose(v('B')), eye(3)) },
      'row-major': { structure: 'kronecker', formula: 'I_3 ⊗ Bᵀ', closed: (v) => kron(eye(3), transpose(v('B'))) },
    },
  },
  {
    title: 'matmul with X on the right: A·X',
    expr: 'A*X',
    shapes: { A: [2, 3], X: [3, 4] },
    wrt: 'X',
    rowsFormula: '8',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'kronecker', formula: 'I_4 ⊗ A', closed: (v) => kron(eye(4), v('A')) },
      'row-major': { structure: 'kronecker', formula: 'A ⊗ I_4', closed: (v) => kron(v('A'), eye(4)) },
    },
  },
  {
    title: 'the sandwich A·X·B',
    expr: 'A*X*B',
    shapes: { A: [2, 3], X: [3, 4], B: [4, 5] },
    wrt: 'X',
    rowsFormula: '10',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'kronecker', formula: 'Bᵀ ⊗ A', closed: (v) => kron(transpose(v('B')), v('A')) },
      'row-major': { structure: 'kronecker', formula: 'A ⊗ Bᵀ', closed: (v) => kron(v('A'), transpose(v('B'))) },
    },
  },
  {
    title: 'a symbolic batch: X·B with X N×4',
    expr: 'X*B',
    shapes: { X: ['N', 4], B: [4, 3] },
    wrt: 'X',
    dims: { N: 2 },
    rowsFormula: '3N',
    colsFormula: '4N',
    expect: {
      'column-major': { structure: 'kronecker', formula: 'Bᵀ ⊗ I_N', closed: (v) => kron(transpose(v('B')), eye(2)) },
      'row-major': { structure: 'kronecker', formula: 'I_N ⊗ Bᵀ', closed: (v) => kron(eye(2), transpose(v('B'))) },
    },
  },
  {
    title: 'transpose: the commutation matrix',
    expr: "X'",
    shapes: { X: [3, 4] },
    wrt: 'X',
    rowsFormula: '12',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'permutation', formula: 'K_{3,4}', closed: () => commutation(3, 4) },
      'row-major': { structure: 'permutation', formula: 'K_{4,3}', closed: () => commutation(4, 3) },
    },
  },
  {
    title: 'an elementwise function: exp',
    expr: 'E = exp(X)',
    shapes: { X: [3, 4] },
    wrt: 'X',
    rowsFormula: '12',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'diagonal', formula: 'Diag(vec E)', closed: (v) => diag(vecCol(v('E')).data) },
      'row-major': { structure: 'diagonal', formula: 'Diag(vec E)', closed: (v) => diag(vecRow(v('E')).data) },
    },
  },
  {
    title: 'an elementwise function: tanh',
    expr: 'T = tanh(X)',
    shapes: { X: [2, 3] },
    wrt: 'X',
    rowsFormula: '6',
    colsFormula: '6',
    expect: {
      'column-major': { structure: 'diagonal', closed: (v) => diag(vecCol(v('T')).data.map((t) => 1 - t * t)) },
      'row-major': { structure: 'diagonal', closed: (v) => diag(vecRow(v('T')).data.map((t) => 1 - t * t)) },
    },
  },
  {
    title: 'a Hadamard product with a constant matrix',
    expr: 'X .* W',
    shapes: { X: [3, 4], W: [3, 4] },
    wrt: 'X',
    rowsFormula: '12',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'diagonal', formula: 'Diag(vec W)', closed: (v) => diag(vecCol(v('W')).data) },
      'row-major': { structure: 'diagonal', formula: 'Diag(vec W)', closed: (v) => diag(vecRow(v('W')).data) },
    },
  },
  {
    title: 'a Hadamard product with a scalar constant',
    expr: '3 .* X',
    shapes: { X: [2, 3] },
    wrt: 'X',
    rowsFormula: '6',
    colsFormula: '6',
    expect: {
      'column-major': { structure: 'diagonal', formula: '3 I_6', closed: () => scaleBy(eye(6), 3) },
      'row-major': { structure: 'diagonal', formula: '3 I_6', closed: () => scaleBy(eye(6), 3) },
    },
  },
  {
    title: 'a Hadamard product of X with itself',
    expr: 'X .* X',
    shapes: { X: [3, 4] },
    wrt: 'X',
    rowsFormula: '12',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'diagonal', formula: '2 Diag(vec X)', closed: (v) => diag(vecCol(v('X')).data.map((x) => 2 * x)) },
      'row-major': { structure: 'diagonal', formula: '2 Diag(vec X)', closed: (v) => diag(vecRow(v('X')).data.map((x) => 2 * x)) },
    },
  },
  {
    title: 'a broadcast row: X + b with b 1×4',
    expr: 'X + b',
    shapes: { X: [3, 4], b: [1, 4] },
    wrt: 'b',
    rowsFormula: '12',
    colsFormula: '4',
    expect: {
      'column-major': { structure: 'kronecker', formula: 'I_4 ⊗ 1_3', closed: () => kron(eye(4), ones(3, 1)) },
      'row-major': { structure: 'kronecker', formula: '1_3 ⊗ I_4', closed: () => kron(ones(3, 1), eye(4)) },
    },
  },
  {
    title: 'row-wise softmax',
    expr: 'S = softmax(Z)',
    shapes: { Z: [3, 4] },
    wrt: 'Z',
    rowsFormula: '12',
    colsFormula: '12',
    expect: {
      // Rows of Z interleave in column-major vec: the blocks are there only after reordering.
      'column-major': { structure: 'sparse', formula: 'K_{4,3} blockdiag_{n=1..3}(Diag(sₙ) − sₙsₙᵀ) K_{3,4}', closed: (v) => toColumnMajor(softmaxBlocks(v('S')), 3, 4, 3, 4) },
      'row-major': { structure: 'block-diagonal', formula: 'blockdiag_{n=1..3}(Diag(sₙ) − sₙsₙᵀ)', closed: (v) => softmaxBlocks(v('S')) },
    },
  },
  {
    title: 'softmax of a single row: diagonal plus low rank',
    expr: 's = softmax(z)',
    shapes: { z: [1, 5] },
    wrt: 'z',
    rowsFormula: '5',
    colsFormula: '5',
    expect: {
      'column-major': { structure: 'diagonal-plus-low-rank', formula: 'Diag(s) − sᵀs', closed: (v) => softmaxBlocks(v('s')) },
      'row-major': { structure: 'diagonal-plus-low-rank', formula: 'Diag(s) − sᵀs', closed: (v) => softmaxBlocks(v('s')) },
    },
  },
  {
    title: 'softmax of a column vector is row-wise, so constant: zero',
    expr: 'softmax(x)',
    shapes: { x: [4, 1] },
    wrt: 'x',
    rowsFormula: '4',
    colsFormula: '4',
    expect: {
      'column-major': { structure: 'zero', formula: '0', closed: () => zeros(4, 4) },
      'row-major': { structure: 'zero', formula: '0', closed: () => zeros(4, 4) },
    },
  },
  {
    title: 'log ∘ softmax',
    expr: 'log(softmax(Z))',
    shapes: { Z: [3, 4] },
    wrt: 'Z',
    rowsFormula: '12',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'sparse', formula: 'K_{4,3} blockdiag_{n=1..3}(I − 1 sₙᵀ) K_{3,4}', closed: (v) => toColumnMajor(logSoftmaxBlocks(softmaxRows(v('Z'))), 3, 4, 3, 4) },
      'row-major': { structure: 'block-diagonal', formula: 'blockdiag_{n=1..3}(I − 1 sₙᵀ)', closed: (v) => logSoftmaxBlocks(softmaxRows(v('Z'))) },
    },
  },
  {
    title: 'log_softmax as one op',
    expr: call('log_softmax', [name('Z')], { axis: num(-1) }),
    shapes: { Z: [3, 4] },
    wrt: 'Z',
    rowsFormula: '12',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'sparse', closed: (v) => toColumnMajor(logSoftmaxBlocks(softmaxRows(v('Z'))), 3, 4, 3, 4) },
      'row-major': { structure: 'block-diagonal', formula: 'blockdiag_{n=1..3}(I − 1 sₙᵀ)', closed: (v) => logSoftmaxBlocks(softmaxRows(v('Z'))) },
    },
  },
  {
    title: 'sum over all entries: one row of ones',
    expr: 'sum(X)',
    shapes: { X: [3, 4] },
    wrt: 'X',
    rowsFormula: '1',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'dense', formula: '1_{12}ᵀ', closed: () => ones(1, 12) },
      'row-major': { structure: 'dense', formula: '1_{12}ᵀ', closed: () => ones(1, 12) },
    },
  },
  {
    title: 'sum over each row (axis 1)',
    expr: call('sum', [name('X')], { axis: num(1) }),
    shapes: { X: [3, 4] },
    wrt: 'X',
    rowsFormula: '3',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'kronecker', formula: '1_4ᵀ ⊗ I_3', closed: () => kron(ones(1, 4), eye(3)) },
      'row-major': { structure: 'kronecker', formula: 'I_3 ⊗ 1_4ᵀ', closed: () => kron(eye(3), ones(1, 4)) },
    },
  },
  {
    title: 'sum over each column (axis 0)',
    expr: call('sum', [name('X')], { axis: num(0) }),
    shapes: { X: [3, 4] },
    wrt: 'X',
    rowsFormula: '4',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'kronecker', formula: 'I_4 ⊗ 1_3ᵀ', closed: () => kron(eye(4), ones(1, 3)) },
      'row-major': { structure: 'kronecker', formula: '1_3ᵀ ⊗ I_4', closed: () => kron(ones(1, 3), eye(4)) },
    },
  },
  {
    title: 'mean over each row',
    expr: call('mean', [name('X')], { axis: num(1) }),
    shapes: { X: [3, 4] },
    wrt: 'X',
    rowsFormula: '3',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'kronecker', closed: () => scaleBy(kron(ones(1, 4), eye(3)), 1 / 4) },
      'row-major': { structure: 'kronecker', closed: () => scaleBy(kron(eye(3), ones(1, 4)), 1 / 4) },
    },
  },
  {
    title: 'XᵀX: two paths, no named structure',
    expr: "X'*X",
    shapes: { X: [3, 4] },
    wrt: 'X',
    rowsFormula: '16',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'sparse', closed: (v) => add(matmul(kron(transpose(v('X')), eye(4)), commutation(3, 4)), kron(eye(4), transpose(v('X')))) },
      'row-major': { structure: 'sparse', closed: (v) => add(matmul(kron(eye(4), transpose(v('X'))), commutation(4, 3)), kron(transpose(v('X')), eye(4))) },
    },
  },
  {
    title: 'through a reshape (known only by enumeration)',
    expr: call('softmax', [call('reshape', [name('X'), tuple(num(3), num(4))])], { axis: num(-1) }),
    shapes: { X: [2, 6] },
    wrt: 'X',
    rowsFormula: '12',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'sparse' },
      'row-major': { structure: 'block-diagonal' },
    },
  },
  {
    title: 'division with respect to the denominator',
    expr: 'X ./ W',
    shapes: { X: [2, 3], W: [2, 3] },
    wrt: 'W',
    rowsFormula: '6',
    colsFormula: '6',
    expect: {
      'column-major': { structure: 'diagonal', formula: '−Diag(vec(X ⊙ W^∘-2))', closed: (v) => diag(vecCol(v('X')).data.map((x, k) => -x / vecCol(v('W')).data[k] ** 2)) },
      'row-major': { structure: 'diagonal', closed: (v) => diag(vecRow(v('X')).data.map((x, k) => -x / vecRow(v('W')).data[k] ** 2)) },
    },
  },
  {
    title: 'subtraction with respect to the subtrahend',
    expr: 'X - W',
    shapes: { X: [2, 3], W: [2, 3] },
    wrt: 'W',
    rowsFormula: '6',
    colsFormula: '6',
    expect: {
      'column-major': { structure: 'diagonal', formula: '−I_6', closed: () => scaleBy(eye(6), -1) },
      'row-major': { structure: 'diagonal', formula: '−I_6', closed: () => scaleBy(eye(6), -1) },
    },
  },
  {
    title: 'sigmoid and sqrt',
    expr: 'sqrt(sigmoid(X))',
    shapes: { X: [2, 3] },
    wrt: 'X',
    rowsFormula: '6',
    colsFormula: '6',
    expect: { 'column-major': { structure: 'diagonal' }, 'row-major': { structure: 'diagonal' } },
  },
  {
    title: 'logsumexp over each row: rows of softmax weights',
    expr: call('logsumexp', [name('Z')], { axis: num(1) }),
    shapes: { Z: [3, 4] },
    wrt: 'Z',
    rowsFormula: '3',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'sparse', closed: (v) => matmul(blockdiag(rowVectors(softmaxRows(v('Z'))).map(transpose)), commutation(3, 4)) },
      'row-major': { structure: 'block-diagonal', formula: 'blockdiag_{n=1..3}(sₙᵀ)', closed: (v) => blockdiag(rowVectors(softmaxRows(v('Z'))).map(transpose)) },
    },
  },
  {
    title: 'mean over all entries',
    expr: call('mean', [name('X')]),
    shapes: { X: [2, 3] },
    wrt: 'X',
    rowsFormula: '1',
    colsFormula: '6',
    expect: {
      'column-major': { structure: 'dense', closed: () => scaleBy(ones(1, 6), 1 / 6) },
      'row-major': { structure: 'dense', closed: () => scaleBy(ones(1, 6), 1 / 6) },
    },
  },
  {
    title: 'an elementwise map after a product: exp(X·B)',
    expr: 'E = exp(X*B)',
    shapes: { X: [3, 4], B: [4, 2] },
    wrt: 'X',
    rowsFormula: '6',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'sparse', formula: 'K_{2,3} blockdiag_{n=1..3}(Diag(eₙ)Bᵀ) K_{3,4}' },
      'row-major': { structure: 'block-diagonal', formula: 'blockdiag_{n=1..3}(Diag(eₙ)Bᵀ)', closed: (v) => blockdiag(rowVectors(v('E')).map((e) => matmul(diag(e.data), transpose(v('B'))))) },
    },
  },
  {
    title: 'a transpose after an elementwise map: a permuted diagonal',
    expr: "exp(X)'",
    shapes: { X: [3, 4] },
    wrt: 'X',
    rowsFormula: '12',
    colsFormula: '12',
    expect: {
      'column-major': { structure: 'sparse', formula: 'K_{3,4} Diag(vec(exp(X)))' },
      'row-major': { structure: 'sparse', formula: 'K_{4,3} Diag(vec(exp(X)))' },
    },
  },
];

/** blockdiag(I − 1 sₙᵀ) for the rows sₙ of softmax(Z). */
export function logSoftmaxBlocks(s: Dense): Dense {
  return blockdiag(rowVectors(s).map((x) => add(eye(x.rows), matmul(ones(x.rows, 1), transpose(x)), -1)));
}
