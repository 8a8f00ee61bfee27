import * as assert from 'node:assert/strict';
import { parseMathSync } from '../../../../src/core/frontends/math/index';
import { declarations, shapes, slice, sx } from './helpers';

describe('math declarations', () => {
  const cases: Array<[string, string[]]> = [
    ['A: 1024 x 10', ['A[1024, 10]']],
    ['A: 1024x10', ['A[1024, 10]']],
    ['A: 1024 × 10', ['A[1024, 10]']],
    ['A: (1024, 10)', ['A[1024, 10]']],
    ['C: ? x 1568', ['C[?, 1568]']],
    ['C: N x 1568', ['C[N, 1568]']],
    ['T: 2 x 3 x 4', ['T[2, 3, 4]']],
    ['W: 2N x (M+1)', ['W[mul(2, N), add(M, 1)]']],
    ['x: 4', ['x[4, 1]']],
    ['x: n', ['x[n, 1]']],
    ['s: scalar', ['s[]']],
    ['s: 1', ['s[]']],
    ['C ∈ R^{N×1568}', ['C[N, 1568]']],
    ['$C \\in \\mathbb{R}^{N \\times 1568}$', ['C[N, 1568]']],
    ['A ∈ ℝ^(1024×10)', ['A[1024, 10]']],
    ['x ∈ ℝ^n', ['x[n, 1]']],
    ['$x \\in \\mathbb{R}^{n}$', ['x[n, 1]']],
    ['s ∈ ℝ', ['s[]']],
    ['A: R^{m x n}', ['A[m, n]']],
    ['A, B ∈ ℝ^{n×n}', ['A[n, n]', 'B[n, n]']],
    ['$\\mathbf{W}_1 \\in \\mathbb{R}^{784 \\times 100}$', ['W_1[784, 100]']],
    ['- A: 3 x 4', ['A[3, 4]']],
    ['$Y \\in \\{0,1\\}^{N\\times K}$', ['Y[N, K]']],
    ['Y ∈ {0, 1}^{N×K}', ['Y[N, K]']],
    // Prose: "<names> is/are/be [a] <shape>", "<names> has/of/with shape <shape>".
    ['X is N x D', ['X[N, D]']],
    ['Let $X$ be $N \\times D$.', ['X[N, D]']],
    ['$X$ is $(N, D)$, and', ['X[N, D]']],
    ['$W$ is a $D \\times K$ matrix of weights', ['W[D, K]']],
    ['X has shape (N, D) and Y is N x K', ['X[N, D]', 'Y[N, K]']],
    ['the inputs X, of shape (N, D), are rows', ['X[N, D]']],
    ['$W_1$ and $W_2$ are $D \\times D$ matrices', ['W_1[D, D]', 'W_2[D, D]']],
  ];
  for (const [text, want] of cases) {
    it(`${text}  →  ${want.join(' ')}`, () => {
      const p = parseMathSync(text);
      assert.deepEqual(shapes(p), want);
      assert.deepEqual(p.problems, []);
      for (const d of declarations(p)) {
        assert.equal(d.role, 'input');
        assert.equal(d.source, 'declaration');
      }
    });
  }

  it('spans the declaration and each dim', () => {
    const text = 'Intro.\nC: ? x 1568\n';
    const [d] = declarations(parseMathSync(text));
    assert.equal(slice(text, d.span), 'C: ? x 1568');
    assert.equal(slice(text, d.dims![0].span), '?');
    assert.equal(d.dims![0].kind, 'const');
    assert.equal(slice(text, d.dims![1].span), '1568');
  });

  it('splits 1024x10 into spans for each number', () => {
    const text = 'A: 1024x10';
    const [d] = declarations(parseMathSync(text));
    assert.deepEqual(d.dims!.map((e) => slice(text, e.span)), ['1024', '10']);
  });

  describe('prose: "<names> … are (…), (…) respectively"', () => {
    it('reads the plain sentence', () => {
      const text = 'The dimensions of A, B, and C are (1024,10), (1568,1024), (?,1568) respectively.';
      const p = parseMathSync(text);
      assert.deepEqual(shapes(p), ['A[1024, 10]', 'B[1568, 1024]', 'C[?, 1568]']);
      const [a] = declarations(p);
      assert.equal(slice(text, a.span), 'A');
    });

    it('reads the LaTeX sentence of the seed question', () => {
      const text =
        '$\\text{ Where the actual dimensions of }\\mathbf{A},\\mathbf{B}, \\text{ and }\\mathbf{C} \\text{ are } (1024,10), (1568,1024),(?,1568) \\text{ respectively (}? = \\text{number of images in batch}), \\text{ and the softmax is defined as: }$';
      const p = parseMathSync(text);
      assert.deepEqual(shapes(p), ['A[1024, 10]', 'B[1568, 1024]', 'C[?, 1568]']);
      assert.deepEqual(declarations(p).map((d) => slice(text, d.span)), ['\\mathbf{A}', '\\mathbf{B}', '\\mathbf{C}']);
      assert.deepEqual(p.problems, []);
    });

    it('reads names written in $…$ pieces and × shapes', () => {
      const text = 'The weights $W_1$ and $W_2$ are 784×100 and 100×10 respectively.';
      assert.deepEqual(shapes(parseMathSync(text)), ['W_1[784, 100]', 'W_2[100, 10]']);
    });

    it('declares nothing when the counts differ', () => {
      assert.deepEqual(shapes(parseMathSync('A, B and C are (1,2), (3,4) respectively')), []);
    });
  });

  describe('prose: "<names> is/are/be [a] <shape>", "<names> has/of/with shape <shape>"', () => {
    it('spans each declaration on its name', () => {
      const text = 'Let $W$ be a $D \\times K$ matrix.';
      const [d] = declarations(parseMathSync(text));
      assert.equal(slice(text, d.span), 'W');
    });
  });

  describe('not declarations', () => {
    for (const text of ['Note: this is a draft.', 'Time: 10 minutes', 'Step 1: compute X', 'Example: see A and B', 'x ∈ S', 'A: ', 'This is 3 x 4 of it.', 'The input is a matrix.', 'X is N.', 'W is the weight, of size 10']) {
      it(JSON.stringify(text), () => {
        const p = parseMathSync(text);
        assert.deepEqual(shapes(p), []);
        assert.deepEqual(p.problems, []);
      });
    }
  });

  it('dims are Exprs of the contract kinds', () => {
    const [d] = declarations(parseMathSync('W: N x 3'));
    assert.equal(sx(d.dims![0]), 'N');
    assert.equal(d.dims![0].kind, 'name');
    assert.equal(d.dims![1].kind, 'num');
  });
});
