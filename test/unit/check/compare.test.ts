import { strict as assert } from 'node:assert';
import { close, diagnose } from '../../../src/core/check/compare';
import { describeCoefficient, describeFactor, type FactorContext } from '../../../src/core/check/factor';
import type { F64Tensor } from '../../../src/core/numeric/tensor';

const T = (shape: number[], data: number[]): F64Tensor => ({ shape, data: Float64Array.from(data) });
const R = T([2, 3], [1, -2, 3, 0.5, 4, -6]);
const map = (f: (x: number) => number, t = R) => T(t.shape, [...t.data].map(f));

describe('check/compare: naming the mistake', () => {
  it('correct within float32-sized errors, not beyond', () => {
    assert.equal(diagnose(map((x) => x * (1 + 1e-6)), R).mistake, null);
    assert.ok(close(R.data, R.data));
    assert.ok(!close(map((x) => x * 1.01).data, R.data));
  });

  it('sign, factor, transpose (square and not), shape', () => {
    assert.equal(diagnose(map((x) => -x), R).mistake, 'sign-flipped');
    const s = diagnose(map((x) => x * 8), R);
    assert.equal(s.mistake, 'scaled');
    assert.ok(Math.abs((s.factor as number) - 0.125) < 1e-12);
    assert.equal(diagnose(T([3, 2], [1, 0.5, -2, 4, 3, -6]), R).mistake, 'transposed');
    const sq = T([2, 2], [1, 2, 3, 4]);
    assert.equal(diagnose(T([2, 2], [1, 3, 2, 4]), sq).mistake, 'transposed');
    const b = T([3], [1, 2, 3]);
    const d = diagnose(T([1, 3], [1, 2, 3]), b);
    assert.equal(d.mistake, 'wrong-shape');
    assert.match(d.detail as string, /values are right/);
    const notSummed = diagnose(T([2, 3], [0.5, 1, 1, 0.5, 1, 2]), b);
    assert.equal(notSummed.mistake, 'wrong-shape');
    assert.match(notSummed.detail as string, /not summed/);
  });

  it('anything else is wrong, with the worst elements', () => {
    const h = T(R.shape, [1, -2, 3, 0.5, 4, 6]);
    const d = diagnose(h, R);
    assert.equal(d.mistake, 'wrong');
    assert.deepEqual(d.worst[0], { index: [1, 2], hand: 6, reference: -6 });
    assert.equal(diagnose(T([4], [1, 2, 3, 4]), R).mistake, 'wrong');
    assert.equal(d.difference, undefined);
  });

  it('a wrong gradient whose difference is the same in every row, or every column, says so', () => {
    const rows = diagnose(T(R.shape, [1 + 0.3, -2 - 1, 3 + 2, 0.5 + 0.3, 4 - 1, -6 + 2]), R);
    assert.deepEqual([rows.mistake, rows.difference], ['wrong', 'rows']);
    const columns = diagnose(T(R.shape, [1 + 0.7, -2 + 0.7, 3 + 0.7, 0.5 - 2, 4 - 2, -6 - 2]), R);
    assert.deepEqual([columns.mistake, columns.difference], ['wrong', 'columns']);
    // A vector has neither.
    assert.equal(diagnose(T([3], [1, 2, 4]), T([3], [1, 2, 3])).difference, undefined);
  });
});

describe('check/factor: words for a factor', () => {
  const ctx: FactorContext = { means: [{ count: 8, name: 'N', ofLoss: true, line: 'line 9', node: 0 }], squares: true, named: new Map([[8, ['N']], [5, ['K']]]) };
  it('1/N from a mean, 2 from a square, plain numbers otherwise', () => {
    assert.deepEqual(describeFactor(0.125, ctx), { label: '1/N (0.125)', reason: 'the loss takes the mean over N = 8 samples' });
    assert.equal(describeFactor(8, ctx).label, 'N (8)');
    assert.match(describeFactor(2, ctx).reason, /square/);
    assert.equal(describeFactor(-0.125, ctx).label, '−1/N (-0.125)');
    assert.equal(describeFactor(0.2, ctx).label, '1/K (0.2)');
  });

  it('a batch mean inside the forward pass is not the loss taking a mean', () => {
    const inner: FactorContext = { means: [{ count: 8, name: 'N', ofLoss: false, line: 'line 11', node: 0 }], squares: false, named: new Map([[8, ['N']]]) };
    assert.deepEqual(describeFactor(0.125, inner), { label: '1/N (0.125)', reason: 'the forward pass takes a mean over N = 8 values on line 11, whose gradient divides by N' });
  });

  it('means on several lines are listed as lines, or in full where the places name notebook cells', () => {
    const at = (line: string) => ({ count: 8, name: 'N', ofLoss: false, line, node: 0 });
    const inFile: FactorContext = { means: [at('line 14'), at('line 12')], squares: false, named: new Map() };
    assert.match(describeFactor(0.125, inFile).reason, /means over N = 8 values \(lines 12, 14\),/);
    const inCells: FactorContext = { means: [at('line 2 of cell 3'), at('line 4 of cell 3')], squares: false, named: new Map() };
    assert.match(describeFactor(0.125, inCells).reason, /means over N = 8 values \(line 2 of cell 3, line 4 of cell 3\),/);
  });

  it('a factor 1/2 with a 0.5 in the loss names that 0.5', () => {
    const halfLoss: FactorContext = { means: [], squares: true, named: new Map(), half: 'line 7' };
    assert.equal(describeFactor(0.5, halfLoss).reason, 'the 0.5 that multiplies the loss (line 7) is left out');
    assert.equal(describeFactor(0.5, { ...halfLoss, half: null }).reason, 'the derivative of the square is counted twice');
  });

  it('coefficients in terms of named numbers', () => {
    const named: FactorContext = { means: [], squares: true, named: new Map([[0.1, ['reg']]]) };
    assert.equal(describeCoefficient(0.2, named), '2·reg');
    assert.equal(describeCoefficient(0.1, named), 'reg');
    assert.equal(describeCoefficient(-0.05, named), '−reg/2');
    assert.equal(describeCoefficient(0.37, named), '0.37');
    assert.deepEqual(describeFactor(0.37, ctx), { label: '0.37', reason: '' });
  });
});
