import { strict as assert } from 'node:assert';
import { divDims, evalDim, formatShape, mulDims, productOf } from '../../../src/core/shapes/dim';

describe('symbolic dims', () => {
  it('multiplies symbols into canonical monomials', () => {
    assert.equal(mulDims('N', 1568), '1568*N');
    assert.equal(mulDims(2, mulDims('N', 'T')), '2*N*T');
    assert.equal(productOf(['N', 7, 7, 32]), '1568*N');
  });

  it('divides exactly or says it cannot', () => {
    assert.equal(divDims('1568*N', 1568), 'N');
    assert.equal(divDims('640*N', 320), '2*N');
    assert.equal(divDims('500*N', 320), null);
    assert.equal(divDims(3136, 'N'), null);
  });

  it('substitutes known symbols', () => {
    assert.equal(evalDim('2*N', { N: 8 }), 16);
    assert.equal(evalDim('N*T', { N: 8 }), '8*T');
  });

  it('formats shapes the way users write them', () => {
    assert.equal(formatShape(['N', 1024]), '(N, 1024)');
    assert.equal(formatShape([16]), '(16,)');
    assert.equal(formatShape(['2*N', 3]), '(2·N, 3)');
  });
});
