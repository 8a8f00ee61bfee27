import assert from 'node:assert/strict';
import { elementLabel, unravel } from '../../../webview/lib/vecIndex';

describe('webview: vec index', () => {
  it('unravels row-major (NumPy) and column-major (the literature) differently', () => {
    // X is 2 × 3; position 1 of vec(X) is X[0, 1] row-major but X[1, 0] column-major.
    assert.deepEqual(unravel(1, [2, 3], 'row-major'), [0, 1]);
    assert.deepEqual(unravel(1, [2, 3], 'column-major'), [1, 0]);
    assert.deepEqual(unravel(5, [2, 3], 'row-major'), [1, 2]);
    assert.deepEqual(unravel(5, [2, 3], 'column-major'), [1, 2]);
    assert.deepEqual(unravel(3, [2, 3], 'column-major'), [1, 1]);
    assert.deepEqual(unravel(7, [2, 2, 2], 'row-major'), [1, 1, 1]);
    assert.deepEqual(unravel(0, [], 'row-major'), []);
  });

  it('labels an element as NumPy indexes it', () => {
    assert.equal(elementLabel('X', [1, 2]), 'X[1, 2]');
    assert.equal(elementLabel('E', []), 'E');
  });
});
