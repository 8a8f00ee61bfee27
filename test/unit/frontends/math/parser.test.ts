import * as assert from 'node:assert/strict';
import type { Expr } from '../../../../src/core/ir/program';
import { isProblem, parseMathExpression } from '../../../../src/core/frontends/math/index';
import { assertNested, find, slice, sx } from './helpers';

function parse(text: string): Expr {
  const r = parseMathExpression(text);
  if (isProblem(r)) assert.fail(`${text}: ${r.message}`);
  return r;
}

function check(cases: Array<[string, string]>): void {
  for (const [text, want] of cases) {
    it(`${text}  →  ${want}`, () => {
      const e = parse(text);
      assert.equal(sx(e), want);
      assertNested(e, { start: 0, end: text.length }, text);
    });
  }
}

describe('math parser', () => {
  describe('derive examples', () => {
    check([
      ['tr(A*X*B)', 'trace(matmul(matmul(A, X), B))'],
      ["x'*B*x", 'matmul(matmul(transpose(x), B), x)'],
      ["a'*X*b", 'matmul(matmul(transpose(a), X), b)'],
      ['norm(X*W-Y)^2', 'sum(square(sub(matmul(X, W), Y)))'],
      ['log(det(X))', 'log(det(X))'],
      ["a'*inv(X)*b", 'matmul(matmul(transpose(a), inv(X)), b)'],
      ['sum(A.*X)', 'sum(mul(A, X))'],
      ['-sum(Y.*log(softmax(X)))', 'neg(sum(mul(Y, log(softmax(X; axis=-1)))))'],
      ['-sum(Y .* log(softmax(C*B*A)))', 'neg(sum(mul(Y, log(softmax(matmul(matmul(C, B), A); axis=-1)))))'],
      ['E = -sum(Y .* log(X))', 'neg(sum(mul(Y, log(X))))'],
    ]);
  });

  describe('precedence', () => {
    check([
      ['-sum(Y .* log(X))', 'neg(sum(mul(Y, log(X))))'],
      ['A*B+C', 'add(matmul(A, B), C)'],
      ['C+A*B', 'add(C, matmul(A, B))'],
      ['A-B-C', 'sub(sub(A, B), C)'],
      ["x'*A*x", 'matmul(matmul(transpose(x), A), x)'],
      ['A^{-1}b', 'matmul(inv(A), b)'],
      ['2*X', 'mul(2, X)'],
      ['X*2', 'mul(X, 2)'],
      ['2X', 'mul(2, X)'],
      ['0.5*X', 'mul(0.5, X)'],
      ['-2*X', 'mul(-2, X)'],
      ['(1/2)*X', 'mul(div(1, 2), X)'],
      ['-X^2', 'neg(pow(X, 2))'],
      ['A*(B+C)', 'matmul(A, add(B, C))'],
      ['(A+B)\'', 'transpose(add(A, B))'],
      ['A.*B*C', 'matmul(mul(A, B), C)'],
      ['A+B.*C', 'add(A, mul(B, C))'],
      ['A/B/C', 'div(div(A, B), C)'],
      ['x^2+y^2', 'add(pow(x, 2), pow(y, 2))'],
      ['A:B+C', 'sum(mul(A, add(B, C)))'],
      ['-y:log(x)', 'sum(mul(neg(y), log(x)))'],
    ]);
  });

  describe('operators', () => {
    check([
      ['A*B', 'matmul(A, B)'],
      ['A@B', 'matmul(A, B)'],
      ['A.*B', 'mul(A, B)'],
      ['A./B', 'div(A, B)'],
      ['A/B', 'div(A, B)'],
      ['A.^2', 'pow(A, 2)'],
      ['A.^-1', 'pow(A, -1)'],
      ['A**2', 'pow(A, 2)'],
      ['A+B', 'add(A, B)'],
      ['A-B', 'sub(A, B)'],
      ['-A', 'neg(A)'],
      ['+A', 'A'],
      ["A'", 'transpose(A)'],
      ["A''", 'transpose(transpose(A))'],
      ['A^T', 'transpose(A)'],
      ['A^-1', 'inv(A)'],
      ['A^(-1)', 'inv(A)'],
      ['A^2', 'pow(A, 2)'],
      ['x^n', 'pow(x, n)'],
      ['A*B^T', 'matmul(A, transpose(B))'],
      ['e^x', 'exp(x)'],
      ['A:B', 'sum(mul(A, B))'],
      ['W x', 'matmul(W, x)'],
    ]);
  });

  describe('functions', () => {
    check([
      ['sum(X)', 'sum(X)'],
      ['tr(X)', 'trace(X)'],
      ['trace(X)', 'trace(X)'],
      ['log(X)', 'log(X)'],
      ['ln(X)', 'log(X)'],
      ['exp(X)', 'exp(X)'],
      ['sqrt(X)', 'sqrt(X)'],
      ['tanh(X)', 'tanh(X)'],
      ['sigmoid(X)', 'sigmoid(X)'],
      ['relu(X)', 'relu(X)'],
      ['ReLU(X)', 'relu(X)'],
      ['softmax(X)', 'softmax(X; axis=-1)'],
      ['inv(X)', 'inv(X)'],
      ['det(X)', 'det(X)'],
      ['diag(x)', 'diag(x)'],
      ['logdet(X)', 'logdet(X)'],
      ['abs(X)', 'abs(X)'],
      ['mean(X)', 'mean(X)'],
      ['max(a, b)', 'maximum(a, b)'],
      ['max(X)', 'max(X)'],
      ['norm(X)', 'sqrt(sum(square(X)))'],
      ['norm(X)^2', 'sum(square(X))'],
      ['norm(x, 1)', 'sum(abs(x))'],
      ['‖X‖', 'sqrt(sum(square(X)))'],
      ['‖X‖^2', 'sum(square(X))'],
      ['‖X‖²', 'sum(square(X))'],
      ['||X||^2', 'sum(square(X))'],
      ['||X*W - Y||^2', 'sum(square(sub(matmul(X, W), Y)))'],
      ['|x|', 'abs(x)'],
      ['σ(z)', 'sigmoid(z)'],
      ['vec(C)', 'reshape(transpose(C), (-1, 1))'],
      ['Diag(x)', 'diag(flatten(x; start_dim=0, end_dim=-1))'],
      ['sum X', 'sum(X)'],
      ['log(x) + exp(y)', 'add(log(x), exp(y))'],
    ]);
  });

  describe('names', () => {
    check([
      ['W_1', 'W_1'],
      ['W_{12}', 'W_12'],
      ['W_out', 'W_out'],
      ['\\mathbf{W}_{1}', 'W_1'],
      ['actualX', 'actualX'],
      ['x_{ij}', 'x_ij'],
    ]);
  });

  describe('LaTeX', () => {
    check([
      ['\\mathbf{B}\\bullet\\mathbf{A}', 'matmul(B, A)'],
      ['\\mathbf{C}\\bullet \\mathbf{B}\\bullet \\mathbf{A}', 'matmul(matmul(C, B), A)'],
      ['B \\cdot A', 'matmul(B, A)'],
      ['A \\times B', 'matmul(A, B)'],
      ['\\operatorname{softmax}(\\mathbf{B}\\bullet \\mathbf{A})', 'softmax(matmul(B, A); axis=-1)'],
      ['\\operatorname{log}(x)', 'log(x)'],
      ['\\log(x)', 'log(x)'],
      ['\\log x', 'log(x)'],
      ['\\exp(x)', 'exp(x)'],
      ['\\mathrm{tr}(A X)', 'trace(matmul(A, X))'],
      ['\\operatorname{tr}(A^\\top X)', 'trace(matmul(transpose(A), X))'],
      ['{\\rm softmax}(Z)', 'softmax(Z; axis=-1)'],
      ['{\\rm vec}(C)', 'reshape(transpose(C), (-1, 1))'],
      ['A^T', 'transpose(A)'],
      ['A^\\top', 'transpose(A)'],
      ['A^{T}', 'transpose(A)'],
      ['A^{\\top}', 'transpose(A)'],
      ['A^TB', 'matmul(transpose(A), B)'],
      ['A^{-1}', 'inv(A)'],
      ['A^{-T}', 'transpose(inv(A))'],
      ['A^{10}', 'pow(A, 10)'],
      ['A \\odot B', 'mul(A, B)'],
      ['A \\circ B', 'mul(A, B)'],
      ['A \\oslash B', 'div(A, B)'],
      ['\\frac{a}{b}', 'div(a, b)'],
      ['\\frac{1}{2}\\|Xw - y\\|^2', 'mul(div(1, 2), sum(square(sub(Xw, y))))'],
      ['\\frac12 x', 'mul(div(1, 2), x)'],
      ['\\left( A + B \\right) C', 'matmul(add(A, B), C)'],
      ['\\Big(A\\Big)', 'A'],
      ['\\mathbf{x}', 'x'],
      ['\\boldsymbol{x}', 'x'],
      ['\\bm{x}', 'x'],
      ['\\hat{y}', 'y_hat'],
      ['\\sqrt{x}', 'sqrt(x)'],
      ['\\|X\\|_F^2', 'sum(square(X))'],
      ['\\left\\| X \\right\\|^2', 'sum(square(X))'],
      ['\\lVert x \\rVert_2', 'sqrt(sum(square(x)))'],
      ['\\lVert x \\rVert_1', 'sum(abs(x))'],
      ['-\\sum_i\\sum_j a_{ij}\\log x_{ij}', 'neg(sum(mul(a, log(x))))'],
      ['-\\sum_i \\sum_j a_{ij} * \\operatorname{log}(x_{ij})', 'neg(sum(mul(a, log(x))))'],
      ['\\sum_{i,j} a_{ij}', 'sum(a)'],
      ['\\sum_{ij} a_{ij} b_{ij}', 'sum(mul(a, b))'],
      ['\\sum_{i=1}^{N} x_i', 'sum(x)'],
      ['\\sum_{ij} (A \\odot B)_{ij}', 'sum(mul(A, B))'],
      ['\\sum_i x_i + c', 'add(sum(x), c)'],
      ['\\sum_j x_{ij}', 'sum(x_ij)'],
      ['\\sigma(z)', 'sigmoid(z)'],
      ['\\lambda W', 'matmul(λ, W)'],
      ['e^{-x}', 'exp(neg(x))'],
      ['A \\otimes B', 'kron(A, B)'],
      ['x^{\\circ 2}', 'pow(x, 2)'],
      ['\\text{softmax}(z)', 'softmax(z; axis=-1)'],
    ]);
  });

  describe('Unicode', () => {
    check([
      ['C·B', 'matmul(C, B)'],
      ['C⋅B', 'matmul(C, B)'],
      ['C•B', 'matmul(C, B)'],
      ['C∙B', 'matmul(C, B)'],
      ['C × B', 'matmul(C, B)'],
      ['A ⊙ B', 'mul(A, B)'],
      ['A ∘ B', 'mul(A, B)'],
      ['A ⊘ B', 'div(A, B)'],
      ['Aᵀ', 'transpose(A)'],
      ['AᵀB', 'matmul(transpose(A), B)'],
      ['A⁻¹', 'inv(A)'],
      ['x²', 'pow(x, 2)'],
      ['A − B', 'sub(A, B)'],
      ['−x', 'neg(x)'],
      ['Σ X', 'sum(X)'],
      ['∑ X', 'sum(X)'],
      ['√x', 'sqrt(x)'],
      ['A^⊤', 'transpose(A)'],
      ['θ·x', 'matmul(θ, x)'],
    ]);
  });

  describe('spans', () => {
    it('slices every node of -sum(Y .* log(X)) out of the text', () => {
      const text = '-sum(Y .* log(X))';
      const e = parse(text);
      assert.equal(slice(text, e.span), text);
      assert.equal(e.kind === 'call' && e.callee, '-');
      const sum = find(e, (x) => x.kind === 'call' && x.op === 'sum')!;
      assert.equal(slice(text, sum.span), 'sum(Y .* log(X))');
      const mul = find(e, (x) => x.kind === 'call' && x.op === 'mul')!;
      assert.equal(slice(text, mul.span), 'Y .* log(X)');
      assert.equal(mul.kind === 'call' && mul.callee, '.*');
      const log = find(e, (x) => x.kind === 'call' && x.op === 'log')!;
      assert.equal(slice(text, log.span), 'log(X)');
      const y = find(e, (x) => x.kind === 'name' && x.name === 'Y')!;
      assert.deepEqual(y.span, { start: 5, end: 6 });
    });

    it('includes brackets and postfix operators', () => {
      const text = "(A + B)' * x";
      const e = parse(text);
      const t = find(e, (x) => x.kind === 'call' && x.op === 'transpose')!;
      assert.equal(slice(text, t.span), "(A + B)'");
      assert.equal(slice(text, e.span), text);
    });

    it('covers LaTeX commands whole', () => {
      const text = '\\operatorname{softmax}(\\mathbf{B}\\bullet \\mathbf{A})';
      const e = parse(text);
      assert.equal(slice(text, e.span), text);
      const b = find(e, (x) => x.kind === 'name' && x.name === 'B')!;
      assert.equal(slice(text, b.span), '\\mathbf{B}');
      const mm = find(e, (x) => x.kind === 'call' && x.op === 'matmul')!;
      assert.equal(slice(text, mm.span), '\\mathbf{B}\\bullet \\mathbf{A}');
      assert.equal(mm.kind === 'call' && mm.callee, '\\bullet');
    });

    it('spans a norm squared from bar to exponent', () => {
      const text = 'E + ‖X - Y‖^2';
      const e = parse(text);
      const s = find(e, (x) => x.kind === 'call' && x.op === 'sum')!;
      assert.equal(slice(text, s.span), '‖X - Y‖^2');
    });

    it('spans an indexed sum from \\sum to the end of the summand', () => {
      const text = '-\\sum_i \\sum_j a_{ij} \\log x_{ij}';
      const e = parse(text);
      const s = find(e, (x) => x.kind === 'call' && x.op === 'sum')!;
      assert.equal(slice(text, s.span), '\\sum_i \\sum_j a_{ij} \\log x_{ij}');
      const a = find(e, (x) => x.kind === 'name' && x.name === 'a')!;
      assert.equal(slice(text, a.span), 'a_{ij}');
    });
  });

  describe('errors', () => {
    for (const [text, at] of [
      ['softmax(C*', '*'],
      ['A +', '+'],
      ['(A + B', '('],
      ['(A + B]', ']'],
      ['log(A, B)', 'log(A, B)'],
      ['A ) B', ')'],
      ['', ''],
    ] as const) {
      it(`${JSON.stringify(text)} is a syntax error at ${JSON.stringify(at)}`, () => {
        const r = parseMathExpression(text);
        assert.ok(isProblem(r), `expected a problem, got ${isProblem(r) ? '' : sx(r)}`);
        assert.equal(r.code, 'syntax-error');
        assert.equal(r.severity, 'error');
        assert.equal(slice(text, r.span), at);
      });
    }
  });
});
