import { strict as assert } from 'node:assert';
import { expm1 } from '../../../../src/core/ops/elementwise/expm1';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(expm1);

describe('expm1: its values', () => {
  it('is exact where exp(x) − 1 rounds to 0', () => assert.equal(expm1.f64(1e-20, 0), 1e-20));
});
