import { strict as assert } from 'node:assert';
import { addDims, ceilDivDims, compareDims, dimSymbols, divDims, evalDim, floorDivDims, formatDim, formatShape, mulDims, productOf, subDims, substituteDim, writeDim } from '../../../src/core/shapes/dim';

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

describe('symbolic dims through the size algebra', () => {
  it('adds, subtracts and floor-divides, keeping symbols exact', () => {
    assert.equal(addDims('C', 'C'), '2*C');
    assert.equal(subDims('N', 1), 'N-1');
    assert.equal(addDims(3, 4), 7);
    assert.equal(floorDivDims('C', 4), 'C//4');
    assert.equal(floorDivDims('4*C', 4), 'C');
    assert.equal(floorDivDims(7, 2), 3);
    assert.equal(floorDivDims('N', 0), null);
    assert.equal(ceilDivDims('N', 2), '(N+1)//2');
  });

  it('compares by value', () => {
    assert.equal(compareDims('2*C', addDims('C', 'C')).kind, 'equal');
    assert.equal(compareDims(3, 4).kind, 'differ');
    assert.equal(compareDims('N', 'M').kind, 'unknown');
  });

  it('substitutes values and symbols inside expressions', () => {
    assert.equal(evalDim('C//4', { C: 64 }), 16);
    assert.equal(evalDim('(H+1)//2', { H: 27 }), 14);
    assert.equal(substituteDim('2*?', { '?': 'N' }), '2*N');
    assert.deepEqual(dimSymbols('(H-k+2*p)//s+1'), ['H', 'k', 'p', 's']);
  });

  it('writes sizes for the editor with ·, and for code with each symbol spelled as asked', () => {
    assert.equal(formatDim('C//4'), 'C//4');
    assert.equal(formatShape(['B', 4, 'T', 'C//4']), '(B, 4, T, C//4)');
    assert.equal(formatDim('2*(C//4)'), '2·(C//4)');
    assert.equal(writeDim('C//4', (s) => `x.shape[${s === 'C' ? 2 : 0}]`, ' * '), 'x.shape[2]//4');
  });
});
