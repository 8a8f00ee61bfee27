import { strict as assert } from 'node:assert';
import { rsqrt } from '../../../../src/core/ops/elementwise/rsqrt';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(rsqrt);

describe('rsqrt: its values', () => {
  it('is 1/2 at 4', () => assert.equal(rsqrt.f64(4, 0), 0.5));
});
