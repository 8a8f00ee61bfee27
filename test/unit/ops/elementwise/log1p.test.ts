import { strict as assert } from 'node:assert';
import { log1p } from '../../../../src/core/ops/elementwise/log1p';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(log1p);

describe('log1p: its values', () => {
  it('is exact where log(1 + x) rounds to 0', () => assert.equal(log1p.f64(1e-20, 0), 1e-20));
});
