import { strict as assert } from 'node:assert';
import { checkGradients } from '../../../src/core/check/index';

const layers = (backward: string) => `import numpy as np

def affine_forward(x, w, b):
    out = x @ w + b
    cache = (x, w, b)
    return out, cache

def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout @ w.T
    dw = ${backward}
    db = dout.sum(axis=0)
    return dx, dw, db

N, D, K = 8, 5, 3
X = np.random.randn(N, D)
W1 = np.random.randn(D, K)
b1 = np.zeros(K)
T = np.random.randn(N, K)
scores, fc_cache = affine_forward(X, W1, b1)
loss = 0.5 * np.sum((scores - T) ** 2)
dscores = scores - T
dx, dw, db = affine_backward(dscores, fc_cache)
`;

describe('check: gradients returned through a cache', () => {
  it('dx, dw, db = affine_backward(dout, cache) are the gradients of the X, W1, b1 passed to the forward call that made the cache', async () => {
    const r = await checkGradients(layers('x.T @ dout'), { language: 'python' });
    const byName = new Map(r.gradients.map((g) => [g.name, g]));
    assert.deepEqual(['dx', 'dw', 'db'].map((n) => [n, byName.get(n)?.wrt, byName.get(n)?.verdict, byName.get(n)?.line]), [
      ['dx', 'X', 'correct', 23],
      ['dw', 'W1', 'correct', 23],
      ['db', 'b1', 'correct', 23],
    ]);
  });

  it('a backward function that halves dw is wrong, scaled, for W1', async () => {
    const r = await checkGradients(layers('x.T @ dout / 2'), { language: 'python' });
    const dw = r.gradients.find((g) => g.name === 'dw');
    assert.equal(dw?.wrt, 'W1');
    assert.equal(dw?.verdict, 'wrong');
    assert.equal(dw?.mistake, 'scaled');
    assert.equal(r.gradients.find((g) => g.name === 'dx')?.verdict, 'correct');
  });
});
