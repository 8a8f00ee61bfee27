import assert from 'node:assert/strict';
import { canvasSizeFor, cellAt, cellSize, clampView, ensureVisible, fitView, MAX_CELL_PX, maxZoom, moveCursor, pan, visibleRange, zoomAt } from '../../../webview/lib/matrixView';

const e = { rows: 20, cols: 40, width: 400, height: 200 };

describe('webview: matrix view geometry', () => {
  it('fills the canvas at zoom 1, with square cells when the height follows the aspect', () => {
    assert.deepEqual(cellSize(fitView(), e), { w: 10, h: 10 });
    assert.deepEqual(canvasSizeFor(20, 40, 400), { width: 400, height: 200 });
  });

  it('keeps small matrices small and tall ones narrow, with square cells', () => {
    assert.deepEqual(canvasSizeFor(6, 10, 530), { width: 400, height: 240 });
    assert.deepEqual(canvasSizeFor(20, 16, 530), { width: 336, height: 420 });
    assert.deepEqual(canvasSizeFor(1, 3, 530), { width: 120, height: 40 });
  });

  it('stretches the cells of an extremely wide matrix instead of drawing a sliver', () => {
    const wide = { rows: 20, cols: 3136, ...canvasSizeFor(20, 3136, 500) };
    assert.deepEqual([wide.width, wide.height], [500, 80]);
    const c = cellSize(fitView(), wide);
    assert.equal(c.h, 4);
    assert.ok(c.w < 0.2);
    assert.deepEqual(canvasSizeFor(3136, 20, 500), { width: 120, height: 420 });
  });

  it('zooms about the pointer: the cell under it stays under it', () => {
    const v = zoomAt(fitView(), 2, 105, 55, e);
    assert.equal(v.zoom, 2);
    assert.deepEqual(cellAt(v, 105, 55, e), cellAt(fitView(), 105, 55, e));
  });

  it('never zooms out past the fit nor in past a readable cell', () => {
    assert.equal(zoomAt(fitView(), 0.1, 0, 0, e).zoom, 1);
    assert.equal(cellSize(zoomAt(fitView(), 100, 0, 0, e), e).w, MAX_CELL_PX);
    // A matrix whose cells are already large at the fit does not zoom at all.
    const tiny = { rows: 2, cols: 2, width: 400, height: 400 };
    assert.equal(maxZoom(tiny), 1);
    assert.equal(clampView({ zoom: 5, x: 0, y: 0 }, tiny).zoom, 1);
  });

  it('pans without leaving the matrix', () => {
    const v = zoomAt(fitView(), 4, 0, 0, e);
    assert.deepEqual(pan(v, 50, 50, e), { zoom: 4, x: 0, y: 0 });
    assert.deepEqual(pan(v, -1e6, -1e6, e), { zoom: 4, x: 400 - 1600, y: 200 - 800 });
  });

  it('hit-tests cells and the visible range', () => {
    const v = fitView();
    assert.deepEqual(cellAt(v, 0, 0, e), { row: 0, col: 0 });
    assert.deepEqual(cellAt(v, 399, 199, e), { row: 19, col: 39 });
    assert.equal(cellAt(v, 400, 10, e), null);
    assert.equal(cellAt(v, -1, 10, e), null);
    assert.deepEqual(visibleRange(v, e), { row0: 0, row1: 19, col0: 0, col1: 39 });
    assert.deepEqual(visibleRange({ zoom: 4, x: -400, y: -200 }, e), { row0: 5, row1: 9, col0: 10, col1: 19 });
  });

  it('moves a keyboard cursor inside the matrix and pans to keep it visible', () => {
    assert.deepEqual(moveCursor(null, 1, 1, e), { row: 0, col: 0 });
    assert.deepEqual(moveCursor({ row: 19, col: 0 }, 10, -10, e), { row: 19, col: 0 });
    const v = ensureVisible({ zoom: 4, x: 0, y: 0 }, 10, 30, e);
    assert.deepEqual(cellAt(v, v.x + 30 * 40 + 1, v.y + 10 * 40 + 1, e), { row: 10, col: 30 });
    assert.ok(v.x + 31 * 40 <= 400 && v.y + 11 * 40 <= 200);
  });
});
