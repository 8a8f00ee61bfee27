import { strict as assert } from 'node:assert';
import { softplus } from '../../../../src/core/ops/elementwise/softplus';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(softplus, [2]);

describe('softplus: its values', () => {
  it('is log 2 at 0, x for large x, e^x for very negative x; β sharpens it toward relu', () => {
    assert.equal(softplus.f64(0, 1), Math.LN2);
    assert.equal(softplus.f64(800, 1), 800);
    assert.ok(Math.abs(softplus.f64(-40, 1) - Math.exp(-40)) < 1e-30);
    assert.ok(Math.abs(softplus.f64(1, 10) - (1 + Math.log1p(Math.exp(-10)) / 10)) < 1e-15);
  });
});
