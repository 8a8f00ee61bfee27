import { strict as assert } from 'node:assert';
import { erf } from '../../../../src/core/ops/elementwise/erf';
import { checkUnaryOp } from '../unary-agreement';

checkUnaryOp(erf);

describe('erf: its values', () => {
  it('matches tabulated values on both sides of the switch to the continued fraction', () => {
    const table: [number, number][] = [[0.5, 0.5204998778130465], [1, 0.8427007929497149], [2.9, 0.9999589021219005], [3.1, 0.9999883513426328], [5, 0.9999999999984626]];
    for (const [x, v] of table) {
      assert.ok(Math.abs(erf.f64(x, 0) - v) < 1e-13, `erf(${x})`);
      assert.ok(Math.abs(erf.f64(-x, 0) + v) < 1e-13, `erf(${-x})`);
    }
  });
});
