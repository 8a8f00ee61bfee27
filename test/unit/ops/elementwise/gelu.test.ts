import { strict as assert } from 'node:assert';
import { gelu } from '../../../../src/core/ops/elementwise/gelu';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(gelu, [1]);

describe('gelu: its values', () => {
  it('is x·Φ(x); the tanh form stays within 1e-3 of it', () => {
    assert.equal(gelu.f64(0, 0), 0);
    assert.ok(Math.abs(gelu.f64(1, 0) - 0.8413447460685429) < 1e-13);
    for (const v of [-3, -1, -0.2, 0.7, 2.5]) assert.ok(Math.abs(gelu.f64(v, 1) - gelu.f64(v, 0)) < 1e-3);
  });
});
