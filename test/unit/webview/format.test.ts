import assert from 'node:assert/strict';
import { formatCell, formatCount, formatDim, formatJacobianSize, formatNumber, formatPercent, formatPlace, formatShape, formatSignature } from '../../../webview/lib/format';

describe('webview: format', () => {
  it('says where a range is: a file’s line, or a notebook’s line and cell counted from 1', () => {
    assert.equal(formatPlace({ cell: null, line: 7 }), 'line 7');
    assert.equal(formatPlace({ cell: 1, line: 3 }), 'line 3 of cell 2');
    assert.equal(formatCell({ cell: null }), '');
    assert.equal(formatCell({ cell: 0 }), '1');
  });

  it('writes shapes with symbolic dims as the core does', () => {
    assert.equal(formatShape(['N', 1568]), '(N, 1568)');
    assert.equal(formatShape([10]), '(10,)');
    assert.equal(formatShape([]), '()');
    assert.equal(formatShape(null), '(unknown)');
    assert.equal(formatDim('2*N'), '2·N');
    assert.equal(formatSignature([{ shape: ['N', 1568] }, { shape: [1568, 1024] }], ['N', 1024]), '(N, 1568), (1568, 1024) → (N, 1024)');
    assert.equal(formatSignature([], [3]), '(3,)');
  });

  it('groups large counts', () => {
    assert.equal(formatCount(1606656), '1,606,656');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(-1000), '-1,000');
  });

  it('writes errors across magnitudes readably', () => {
    assert.equal(formatNumber(null), '—');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(3.1e-13, 2), '3.1e-13');
    assert.equal(formatNumber(0.125), '0.125');
    assert.equal(formatNumber(8), '8');
    assert.equal(formatNumber(-0.0413, 3), '-0.0413');
    assert.equal(formatNumber(1e-7), '1e-7');
    assert.equal(formatNumber(123456), '1.23e5');
  });

  it('writes densities as percentages', () => {
    assert.equal(formatPercent(0.5), '50%');
    assert.equal(formatPercent(1 / 3), '33.3%');
    assert.equal(formatPercent(0.00098), '0.098%');
    assert.equal(formatPercent(0), '0%');
    assert.equal(formatPercent(null), '—');
  });

  it('states a Jacobian size as a formula and at the current dims', () => {
    assert.deepEqual(formatJacobianSize('10*N', '1568*N', 80, 12544), { formula: '10·N × 1568·N', concrete: '80 × 12,544' });
    assert.deepEqual(formatJacobianSize('10*N', '1568*N', null, null), { formula: '10·N × 1568·N', concrete: null });
    assert.deepEqual(formatJacobianSize('6', '10', 6, 10), { formula: '6 × 10', concrete: null });
    assert.deepEqual(formatJacobianSize('80', '12544', 80, 12544), { formula: '80 × 12,544', concrete: null });
  });
});
