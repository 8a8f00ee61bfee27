import assert from 'node:assert/strict';
import { paintRaster, patternLookup, rasterizeDense, rasterizePattern } from '../../../webview/lib/raster';

describe('webview: raster', () => {
  it('draws a small pattern one pixel per cell', () => {
    const r = rasterizePattern(2, 3, [[0, 0], [1, 2]], [1.5, -2]);
    assert.deepEqual([r.width, r.height, r.rowStride, r.colStride], [3, 2, 1, 1]);
    assert.deepEqual([...r.count], [1, 0, 0, 0, 0, 1]);
    assert.equal(r.value[5], -2);
    assert.ok(Number.isNaN(r.value[1]));
  });

  it('pools a large pattern, keeping every nonzero visible and the largest value', () => {
    const r = rasterizePattern(10, 5000, [[0, 0], [0, 1], [9, 4999]], [1, -3, 2], 2048);
    assert.equal(r.colStride, 3);
    assert.equal(r.width, 1667);
    assert.equal(r.count[0], 2);
    assert.equal(r.value[0], -3);
    assert.equal(r.count[9 * r.width + r.width - 1], 1);
  });

  it('rasterizes a dense matrix, with non-finite values as unknown', () => {
    const r = rasterizeDense(2, 2, [1, null, 3, 4]);
    assert.deepEqual([...r.count], [1, 1, 1, 1]);
    assert.ok(Number.isNaN(r.value[1]));
  });

  it('paints RGBA bytes from the colour function', () => {
    const r = rasterizePattern(1, 2, [[0, 1]], null);
    const bytes = paintRaster(r, (count) => (count ? { r: 255, g: 0, b: 0, a: 1 } : { r: 0, g: 0, b: 0, a: 0.5 }));
    assert.deepEqual([...bytes], [0, 0, 0, 128, 255, 0, 0, 255]);
  });

  it('looks a cell up: its value, or undefined for a structural zero', () => {
    const at = patternLookup(3, [[0, 2], [1, 0]], [0.5, null]);
    assert.deepEqual(at(0, 2), { value: 0.5 });
    assert.deepEqual(at(1, 0), { value: null });
    assert.equal(at(0, 0), undefined);
  });
});
