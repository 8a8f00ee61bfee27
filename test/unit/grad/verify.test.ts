// The numeric check can fail: wrong gradients of the kinds people write are refused.
import { strict as assert } from 'node:assert';
import { Exprs } from '../../../src/core/grad/expr';
import { verifyGradient } from '../../../src/core/grad/verify';

describe('grad: the numeric check', () => {
  const x = new Exprs();
  const A = x.variable('A', [3, 4]);
  const X = x.variable('X', [4, 5]);
  const B = x.variable('B', [5, 3]);
  const loss = x.trace(x.matmul(A, X, B));
  const right = x.matmul(x.transpose(A), x.transpose(B));

  it('accepts the right gradient with a tiny error', () => {
    const v = verifyGradient(loss, X, right);
    assert.ok(v.ok);
    assert.ok(v.maxRelError < 1e-8);
    assert.equal(v.precision, 'float64');
  });

  it('refuses a scaled, a sign-flipped and a wrongly shaped gradient', () => {
    assert.equal(verifyGradient(loss, X, x.mul(x.num(2), right)).ok, false);
    assert.equal(verifyGradient(loss, X, x.neg(right)).ok, false);
    const transposed = verifyGradient(loss, X, x.transpose(right));
    assert.equal(transposed.ok, false);
    assert.match(transposed.message ?? '', /5×4 but X is 4×5/);
  });

  it('refuses S − Y for general Y (it needs rows of Y summing to 1)', () => {
    const Z = x.variable('Z', ['N', 3]);
    const Y = x.variable('Y', ['N', 3]);
    const ce = x.neg(x.sum(x.mul(Y, x.fn('log', x.softmax(Z)))));
    const v = verifyGradient(ce, Z, x.sub(x.softmax(Z), Y));
    assert.equal(v.ok, false);
    assert.ok(v.maxRelError > 1e-3);
  });

  it('shrinks large sizes unless asked for the full size', () => {
    const W = x.variable('W', [2000, 3000]);
    const f = x.sum(x.pow(W, 2));
    const g = x.mul(x.num(2), W);
    const auto = verifyGradient(f, W, g);
    assert.ok(auto.ok && auto.reduced);
    assert.ok(auto.shapes.W[0] < 10);
  });
});
