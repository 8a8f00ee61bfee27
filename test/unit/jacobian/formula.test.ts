import { strict as assert } from 'node:assert';
import katex from 'katex';
import { formula, kron, matProd, prod, sum, sym, transpose } from '../../../src/core/jacobian/formula';
import { jacobianOf } from '../../../src/core/jacobian/index';
import { formatSize } from '../../../src/core/jacobian/sizes';

describe('Jacobian formulas', () => {
  it('reads AᵀBᵀ as (BA)ᵀ in matrix products only', () => {
    assert.equal(formula(matProd([transpose(sym('A')), transpose(sym('B'))])).text, '(BA)ᵀ');
    assert.equal(formula(prod([transpose(sym('x')), transpose(sym('B'))])).text, 'xᵀBᵀ');
  });

  it('prints Kronecker products, sums and signs with the parentheses they need', () => {
    const f = formula(kron([transpose(prod([sym('B'), sym('A')])), sym('I_N', 'I_{N}')]));
    assert.deepEqual(f, { text: '(BA)ᵀ ⊗ I_N', latex: '\\left(B A\\right)^\\top \\otimes I_{N}' });
    assert.equal(formula(sum([{ sign: -1, p: kron([sym('Y'), sym('Z')]) }])).text, '−(Y ⊗ Z)');
    assert.equal(formula(prod([sum([{ sign: 1, p: sym('P') }, { sign: -1, p: sym('Q') }]), sym('R')])).text, '(P − Q)R');
  });

  it('slices a name that has a subscript of its own in braces, so KaTeX renders it', () => {
    const r = jacobianOf('S_1 = softmax(X)', { wrt: 'X', shapes: { X: [3, 4] }, vec: 'row-major' });
    assert.match(r.formula.latex, /\{S_\{1\}\}_\{n,:\}/);
    assert.doesNotThrow(() => katex.renderToString(r.formula.latex, { throwOnError: true }), r.formula.latex);
  });

  it('writes sizes as 10N, 1568N', () => {
    assert.equal(formatSize('10*N'), '10N');
    assert.equal(formatSize('N*T'), 'N·T');
    assert.equal(formatSize(7), '7');
  });

  it('prints the inverse as −(Yᵀ ⊗ Y) column-major and −(Y ⊗ Yᵀ) row-major', () => {
    const col = jacobianOf('Y = inv(X)', { wrt: 'X', shapes: { X: [3, 3] }, vec: 'column-major' });
    assert.equal(col.structure, 'kronecker');
    assert.equal(col.formula.text, '−(Yᵀ ⊗ Y)');
    assert.equal(jacobianOf('Y = inv(X)', { wrt: 'X', shapes: { X: [3, 3] }, vec: 'row-major' }).formula.text, '−(Y ⊗ Yᵀ)');
  });

  it('prints a quadratic form’s Jacobian as the sum of its two paths', () => {
    const r = jacobianOf("x'*A*x", { wrt: 'x', shapes: { A: [4, 4], x: [4, 1] } });
    assert.equal(r.structure, 'dense');
    assert.equal(r.formula.text, 'xᵀAᵀ + xᵀA');
  });

  it('gives the trace its row vec(I)ᵀ', () => {
    const r = jacobianOf('tr(X)', { wrt: 'X', shapes: { X: [3, 3] } });
    assert.equal(r.structure, 'sparse');
    assert.equal(r.formula.text, '(vec I_3)ᵀ');
    assert.deepEqual(r.pattern?.nonzeros, [[0, 0], [0, 4], [0, 8]]);
  });

  it('says the column-major softmax is block-diagonal in the other order', () => {
    const r = jacobianOf('S = softmax(Z)', { wrt: 'Z', shapes: { Z: ['N', 10] }, dims: { N: 4 } });
    assert.equal(r.vec, 'column-major');
    assert.equal(r.structure, 'sparse');
    assert.match(r.note ?? '', /block-diagonal \(N blocks of 10×10\) in row-major order/);
    assert.equal(r.formula.latex, 'K_{10,N} \\operatorname{blockdiag}_{n=1}^{N}\\left(\\operatorname{Diag}\\left(s_n\\right) - s_n s_n^\\top\\right) K_{N,10}');
  });
});
