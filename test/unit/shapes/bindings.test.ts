import { strict as assert } from 'node:assert';
import { Bindings } from '../../../src/core/shapes/bindings';

describe('bindings', () => {
  it('binds a plain symbol meeting a size, first come wins', () => {
    const b = new Bindings();
    assert.ok(b.same('N', 64));
    assert.equal(b.get('N'), 64);
    assert.ok(!b.same('N', 32));
  });

  it('solves a size expression meeting a known size for its one symbol', () => {
    const b = new Bindings();
    assert.ok(b.same('2*C', 64));
    assert.equal(b.get('C'), 32);
    assert.deepEqual(b.takeConditions(), []);
    assert.ok(!b.same('2*D', 63), 'no whole D makes 2·D = 63');
  });

  it('sizes that never agree differ; undecidable ones are kept without a condition', () => {
    const b = new Bindings();
    assert.ok(!b.same('N', 'N-1'));
    assert.ok(b.same('N', 'M'));
    assert.deepEqual(b.takeConditions(), []);
  });

  it('notes the condition two expressions agree under, once, for the caller to report', () => {
    const b = new Bindings();
    assert.ok(b.same('C', '4*(C//4)'));
    assert.ok(b.same('C', '4*(C//4)'));
    assert.deepEqual(b.takeConditions(), ['C = 4·k']);
    assert.deepEqual(b.takeConditions(), []);
    assert.ok(b.same('2*T', 'T+4'));
    assert.deepEqual(b.takeConditions(), ['T = 4']);
    assert.equal(b.get('T'), 4);
  });

  it('substitutes known values inside expressions', () => {
    const b = new Bindings({ C: 64 });
    assert.equal(b.resolve('C//4'), 16);
    assert.equal(b.resolve('(H+1)//2'), '(H+1)//2');
  });
});
