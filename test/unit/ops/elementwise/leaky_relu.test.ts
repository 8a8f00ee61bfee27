import { strict as assert } from 'node:assert';
import { leaky_relu } from '../../../../src/core/ops/elementwise/leaky_relu';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(leaky_relu, [0.2]);

describe('leaky_relu: its values and each library’s default slope', () => {
  it('is x on the right and αx on the left', () => {
    assert.equal(leaky_relu.f64(3, 0.01), 3);
    assert.equal(leaky_relu.f64(-3, 0.2), -0.6000000000000001);
  });
});
