import { strict as assert } from 'node:assert';
import { elu } from '../../../../src/core/ops/elementwise/elu';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(elu, [0.5]);

describe('elu: its values', () => {
  it('is x on the right and α(eˣ − 1) on the left', () => {
    assert.equal(elu.f64(2, 1), 2);
    assert.equal(elu.f64(-1, 0.5), 0.5 * Math.expm1(-1));
  });
});
