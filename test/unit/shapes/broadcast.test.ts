import { strict as assert } from 'node:assert';
import { Bindings } from '../../../src/core/shapes/bindings';
import { broadcastShapes } from '../../../src/core/shapes/broadcast';

describe('broadcasting', () => {
  it('aligns from the right and stretches ones', () => {
    assert.deepEqual(broadcastShapes(['N', 10], [10], new Bindings()), { shape: ['N', 10] });
    assert.deepEqual(broadcastShapes(['N', 1], [1, 5], new Bindings()), { shape: ['N', 5] });
    assert.deepEqual(broadcastShapes([], [3, 4], new Bindings()), { shape: [3, 4] });
  });

  it('reports the axis where known sizes differ', () => {
    assert.deepEqual(broadcastShapes([8, 10], [8], new Bindings()), { axis: 1, a: 10, b: 8 });
  });

  it('binds a symbol to the size it meets, then holds it to that', () => {
    const b = new Bindings();
    assert.ok('shape' in broadcastShapes(['N', 10], [64, 10], b));
    assert.equal(b.get('N'), 64);
    assert.deepEqual(broadcastShapes(['N', 10], [32, 10], b), { axis: 0, a: 'N', b: 32 });
  });
});
