import { strict as assert } from 'node:assert';
import { sin } from '../../../../src/core/ops/elementwise/sin';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(sin);

describe('sin: its values', () => {
  it('is 0 at 0 and 1 at π/2', () => {
    assert.equal(sin.f64(0, 0), 0);
    assert.equal(sin.f64(Math.PI / 2, 0), 1);
  });
});
