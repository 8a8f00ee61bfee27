import { strict as assert } from 'node:assert';
import { CellLineIndex } from '../../../src/core/ir/cells';

describe('CellLineIndex: spans of a notebook’s joined code cells, in their cells', () => {
  // Cells 0 and 2 are code ("a = 1\nb = 2" and "c = 3"); cell 1 (markdown) is not in the text.
  const text = 'a = 1\nb = 2\nc = 3\n';
  const lines = new CellLineIndex(text, { starts: [0, 12], cells: [0, 2] });

  it('gives the cell and the line and column within it', () => {
    assert.deepEqual(lines.cellPosition(0), { cell: 0, line: 1, column: 1 });
    assert.deepEqual(lines.cellPosition(text.indexOf('b')), { cell: 0, line: 2, column: 1 });
    assert.deepEqual(lines.cellPosition(text.indexOf('3')), { cell: 2, line: 1, column: 5 });
    // The newline after a cell belongs to it, at the end of its last line.
    assert.deepEqual(lines.cellPosition(11), { cell: 0, line: 2, column: 6 });
  });

  it('maps a span to offsets in its cell, cut at the cell’s end', () => {
    assert.deepEqual(lines.cellSpan({ start: 12, end: 17 }), { cell: 2, start: 0, end: 5 });
    assert.deepEqual(lines.cellSpan({ start: 6, end: 15 }), { cell: 0, start: 6, end: 11 });
  });

  it('maps an offset in a cell back, and knows no offsets in a cell that is not code', () => {
    assert.equal(lines.offsetInCell(2, 4), 16);
    assert.equal(lines.offsetInCell(0, 99), 11);
    assert.equal(lines.offsetInCell(1, 0), undefined);
  });

  it('says where an offset is as people count cells', () => {
    assert.equal(lines.lineLabel(text.indexOf('c')), 'line 1 of cell 3');
    assert.equal(lines.lineOf(text.indexOf('c')), 3);
  });
});
