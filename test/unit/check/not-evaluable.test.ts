import { strict as assert } from 'node:assert';
import { checkGradients } from '../../../src/core/check/index';

// X's width is declared as a symbol squared: the check gives D a default size, and the
// reshape into (N, P, P) cannot run at it. (D * D, not D: the shape analysis would solve
// 4·D = 36 for D, but not 4·D² = 36.)
const UNRUNNABLE = `import numpy as np
N = 4
P = 3
# X: (N, D * D)
images = X.reshape(N, P, P)
flat = images.reshape(N, P * P)
W = np.random.randn(P * P, 2)
loss = np.sum(flat @ W)
dW = flat.T @ np.ones((N, 2))
`;

describe('check: code that cannot run at its test values', () => {
  it('is a not-evaluable warning on the op that failed, never an internal error, and the gradients are unchecked', async () => {
    const r = await checkGradients(UNRUNNABLE, { language: 'python' });
    const failed = r.problems.find((p) => p.code === 'not-evaluable');
    assert.ok(failed, JSON.stringify(r.problems.map((p) => `${p.code}: ${p.message}`)));
    assert.equal(failed.severity, 'warning');
    assert.match(failed.message, /cannot reshape/);
    assert.ok(UNRUNNABLE.slice(failed.span.start, failed.span.end).includes('reshape(N, P, P)'), 'on the reshape that failed');
    assert.ok(!r.problems.some((p) => p.code === 'internal-error'));
    assert.deepEqual(r.gradients.map((g) => [g.name, g.verdict]), [['dW', 'unchecked']]);
  });
});
