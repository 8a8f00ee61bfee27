import assert from 'node:assert/strict';
import { divergingColor, maxAbsOf, mix, over, parseColor, toCss } from '../../../webview/lib/colorScale';

const red = { r: 255, g: 0, b: 0, a: 1 };
const blue = { r: 0, g: 0, b: 255, a: 1 };
const white = { r: 255, g: 255, b: 255, a: 1 };
const grey = { r: 128, g: 128, b: 128, a: 1 };
const scale = { negative: blue, zero: white, positive: red, missing: grey };

describe('webview: colour scale', () => {
  it('parses the colour forms themes use', () => {
    assert.deepEqual(parseColor('#f00'), red);
    assert.deepEqual(parseColor('#0000ff'), blue);
    assert.deepEqual(parseColor('#ffffff80'), { ...white, a: 128 / 255 });
    assert.deepEqual(parseColor(' rgba(1, 2, 3, 0.5) '), { r: 1, g: 2, b: 3, a: 0.5 });
    assert.deepEqual(parseColor('rgb(1 2 3 / 50%)'), { r: 1, g: 2, b: 3, a: 0.5 });
    assert.equal(parseColor('var(--x)'), null);
    assert.equal(parseColor('#12345'), null);
    assert.equal(parseColor(''), null);
  });

  it('mixes and lays translucent colours over the background', () => {
    assert.deepEqual(mix(red, blue, 0.5), { r: 127.5, g: 0, b: 127.5, a: 1 });
    assert.deepEqual(over({ ...red, a: 0.5 }, white), { r: 255, g: 127.5, b: 127.5, a: 1 });
    assert.equal(toCss({ r: 1.4, g: 2.6, b: 3, a: 0.5 }), 'rgba(1, 3, 3, 0.5)');
  });

  it('maps negative to one colour, positive to the other, zero to the background', () => {
    assert.deepEqual(divergingColor(0, 4, scale), white);
    assert.deepEqual(divergingColor(4, 4, scale), red);
    assert.deepEqual(divergingColor(-4, 4, scale), blue);
    assert.deepEqual(divergingColor(-8, 4, scale), blue, 'clamped');
    assert.deepEqual(divergingColor(null, 4, scale), grey);
    assert.deepEqual(divergingColor(NaN, 4, scale), grey);
    // A square-root scale: a quarter of the maximum is already half way.
    assert.deepEqual(divergingColor(1, 4, scale), mix(white, red, 0.5));
    assert.deepEqual(divergingColor(1, 0, scale), white);
  });

  it('finds the largest magnitude among finite values', () => {
    assert.equal(maxAbsOf([1, -3, null, 2]), 3);
    assert.equal(maxAbsOf([null, NaN]), 0);
  });
});
