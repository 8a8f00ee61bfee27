import { strict as assert } from 'node:assert';
import { silu } from '../../../../src/core/ops/elementwise/silu';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(silu);

describe('silu: its values', () => {
  it('is x·σ(x)', () => assert.equal(silu.f64(2, 0), 2 / (1 + Math.exp(-2))));
});
