import { strict as assert } from 'node:assert';
import { cos } from '../../../../src/core/ops/elementwise/cos';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(cos);

describe('cos: its values', () => {
  it('is 1 at 0 and −1 at π', () => {
    assert.equal(cos.f64(0, 0), 1);
    assert.equal(cos.f64(Math.PI, 0), -1);
  });
});
