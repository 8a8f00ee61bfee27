// The simplifier: the rewrites the brief names, and no rewrite past an unstated assumption.
import { strict as assert } from 'node:assert';
import { assumptionRewrites, rowsSumTo1 } from '../../../src/core/grad/assumptions';
import { Exprs } from '../../../src/core/grad/expr';
import { toText } from '../../../src/core/grad/print/text';
import { RULES } from '../../../src/core/grad/rules';
import { Simplifier } from '../../../src/core/grad/simplify';

describe('grad: simplification', () => {
  const x = new Exprs();
  const A = x.variable('A', [3, 4]);
  const B = x.variable('B', [4, 5]);
  const X = x.variable('X', [3, 4]);
  const s = new Simplifier(x).simplify;

  it('pushes transposes through products: (A·B)ᵀ = Bᵀ·Aᵀ, (Aᵀ)ᵀ = A', () => {
    assert.equal(toText(s(x.transpose(x.matmul(A, B)))), 'Bᵀ·Aᵀ');
    assert.equal(s(x.transpose(x.transpose(A))), A);
    assert.equal(toText(s(x.transpose(x.sub(x.matmul(A, B), x.zeros([3, 5]))))), 'Bᵀ·Aᵀ');
  });

  it('drops identities and zeros, and pulls scalars out of products', () => {
    assert.equal(s(x.matmul(x.eye(3), A, x.eye(4))), A);
    assert.equal(s(x.add(A, x.zeros([3, 4]))), A);
    assert.equal(toText(s(x.matmul(A, x.mul(x.num(2), B)))), '2·A·B');
    assert.equal(toText(s(x.matmul(A, x.neg(B)))), '−A·B');
    assert.equal(toText(s(x.add(X, X))), '2·X');
    assert.equal(toText(s(x.mul(x.num(3), x.mul(x.num(2), X)))), '6·X');
  });

  it('cancels and collects elementwise: (Y ⊘ S) ⊙ S = Y', () => {
    const Y = x.variable('Y', [3, 4]);
    const S = x.softmax(X);
    assert.equal(s(x.mul(x.div(Y, S), S)), Y);
    assert.equal(toText(s(x.sub(x.mul(x.num(2), X), X))), 'X');
    assert.equal(toText(s(x.div(x.fn('exp', X), x.add(x.num(1), x.fn('exp', X))))), 'sigmoid(X)');
  });

  it('softmax + cross-entropy: Diag(Y·1)·S − Y in general, S − Y only when the rows of Y sum to 1', () => {
    const Y = x.variable('Y', [3, 4]);
    const S = x.softmax(X);
    const G = x.neg(x.div(Y, S));
    const general = s(RULES.softmax?.adjoint(x, S, G, 0) as never);
    assert.equal(toText(general), 'Diag(Y·1)·softmax(X) − Y');
    let fired = false;
    const assumed = new Simplifier(x, assumptionRewrites([rowsSumTo1('Y')], () => (fired = true))).simplify(general);
    assert.equal(toText(assumed), 'softmax(X) − Y');
    assert.ok(fired);
    // An assumption about another name changes nothing.
    const other = new Simplifier(x, assumptionRewrites([rowsSumTo1('X')], () => undefined)).simplify(general);
    assert.equal(other, general);
  });
});
