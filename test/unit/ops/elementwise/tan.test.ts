import { strict as assert } from 'node:assert';
import { tan } from '../../../../src/core/ops/elementwise/tan';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(tan);

describe('tan: its values', () => {
  it('is 0 at 0 and 1 at π/4', () => {
    assert.equal(tan.f64(0, 0), 0);
    assert.ok(Math.abs(tan.f64(Math.PI / 4, 0) - 1) < 1e-15);
  });
});
