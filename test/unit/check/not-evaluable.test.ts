import { strict as assert } from 'node:assert';
import { checkGradients } from '../../../src/core/check/index';

// D is used before it is defined: its size is unknown where X is made, so the check gives it
// a default, and the reshape into (N, P, P) cannot run at that size. (D * D, not D: the
// shape analysis would solve 4·D = 36 for D, but not 4·D² = 36.)
const USED_BEFORE_DEFINED = `import numpy as np
N = 4
P = 3
X = np.random.randn(N, D * D)
images = X.reshape(N, P, P)
flat = images.reshape(N, P * P)
W = np.random.randn(P * P, 2)
loss = np.sum(flat @ W)
D = P
dW = flat.T @ np.ones((N, 2))
`;

describe('check: code that cannot run at its test values', () => {
  it('is a not-evaluable warning on the op that failed, never an internal error, and the gradients are unchecked', async () => {
    const r = await checkGradients(USED_BEFORE_DEFINED, { language: 'python' });
    const failed = r.problems.find((p) => p.code === 'not-evaluable');
    assert.ok(failed, JSON.stringify(r.problems.map((p) => `${p.code}: ${p.message}`)));
    assert.equal(failed.severity, 'warning');
    assert.match(failed.message, /cannot reshape/);
    assert.ok(USED_BEFORE_DEFINED.slice(failed.span.start, failed.span.end).includes('reshape(N, P, P)'), 'on the reshape that failed');
    assert.ok(!r.problems.some((p) => p.code === 'internal-error'));
    assert.deepEqual(r.gradients.map((g) => [g.name, g.verdict]), [['dW', 'unchecked']]);
  });
});
