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

  it('sizes that never agree differ; a product of symbols meeting a number is kept without a condition', () => {
    const b = new Bindings();
    assert.ok(!b.same('N', 'N-1'));
    assert.ok(b.same('C*H*W', 400));
    assert.deepEqual(b.takeConditions(), []);
    assert.deepEqual(b.takeDistinct(), []);
  });

  it('takes different symbols for different sizes, and notes the pair for the message', () => {
    const b = new Bindings();
    assert.ok(!b.same('D', 'N'));
    assert.ok(!b.same('N*T', 'B'));
    assert.deepEqual(b.takeDistinct(), [
      ['D', 'N'],
      ['N*T', 'B'],
    ]);
    assert.deepEqual(b.takeDistinct(), []);
    assert.ok(b.same('N', '?'), 'the unknown size agrees with anything');
    assert.ok(b.same('N', 'N'));
  });

  it('equal values from the dims setting make different symbols agree', () => {
    const b = new Bindings({ N: 5, D: 5, M: 6 });
    assert.ok(b.same('N', 'D'));
    assert.ok(!b.same('N', 'M'));
  });

  it('an equation between symbols makes them one size, and carries a value to both', () => {
    const b = new Bindings();
    assert.ok(b.equate('N', 'D'));
    assert.ok(b.same('D', 'N'));
    assert.ok(b.same('2*N', 'D+D'));
    assert.ok(!b.same('N', 'K'));
    assert.ok(b.equated('N', 'D'));
    b.bind('D', 7, 'a test');
    assert.equal(b.get('N'), 7);
    assert.deepEqual(b.asRecord(), { N: 7, D: 7 });
    const c = new Bindings({ N: 3, D: 4 });
    assert.ok(!c.equate('N', 'D'), 'two different values cannot be one size');
    assert.ok(!c.same('N', 'D'));
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
