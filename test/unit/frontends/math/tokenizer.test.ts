import * as assert from 'node:assert/strict';
import { tokenize, type Token } from '../../../../src/core/frontends/math/tokenizer';

function toks(text: string, latex = false, extra: { expandText?: boolean; splitRun?: (r: string) => boolean } = {}): string[] {
  return tokenize(text, 0, text.length, { latex, ...extra }).map((t: Token) => `${t.kind}:${t.value}${t.sub ? `_${t.sub}` : ''}${t.indices ? `[${t.indices.join(',')}]` : ''}`);
}

describe('math tokenizer', () => {
  it('reads plain operators, longest first', () => {
    assert.deepEqual(toks("A.*B./C.^2 ** x' @ y := z"), [
      'name:A', 'op:.*', 'name:B', 'op:./', 'name:C', 'op:.^', 'num:2', 'op:.^', 'name:x', "op:'", 'op:*', 'name:y', 'op:=', 'name:z',
    ]);
  });

  it('reads numbers with decimals, and 2.*X as 2 .* X', () => {
    assert.deepEqual(toks('0.5 .5 2.*X 1e-3'), ['num:0.5', 'num:.5', 'num:2', 'op:.*', 'name:X', 'num:1e-3']);
  });

  it('attaches subscripts to names', () => {
    assert.deepEqual(toks('W_1 W_{12} W_out a_{i,j}'), ['name:W_1', 'name:W_12', 'name:W_out', 'name:a_ij']);
  });

  it('maps Unicode operators', () => {
    assert.deepEqual(toks('A·B⋅C•D∙E×F⊙G∘H⊘IᵀJ⁻¹K²−‖∈'), [
      'name:A', 'op:*', 'name:B', 'op:*', 'name:C', 'op:*', 'name:D', 'op:*', 'name:E', 'op:×', 'name:F', 'op:.*', 'name:G', 'op:.*', 'name:H', 'op:./',
      'name:I', 'post:T', 'name:J', 'post:-1', 'name:K', 'post:2', 'op:-', 'op:‖', 'op:∈',
    ]);
  });

  it('normalises LaTeX commands', () => {
    assert.deepEqual(toks('\\mathbf{B}\\bullet \\left( \\boldsymbol{x} \\right) \\cdot \\odot \\oslash \\times \\top \\alpha', true), [
      'name:B', 'op:*', 'open:(', 'name:x', 'close:)', 'op:*', 'op:.*', 'op:./', 'op:×', 'name:T', 'name:α',
    ]);
  });

  it('reads function commands', () => {
    assert.deepEqual(toks('\\log \\operatorname{softmax} \\mathrm{tr} {\\rm vec} \\operatorname[X]', true), [
      'func:log', 'func:softmax', 'func:tr', 'open:{', 'func:vec', 'close:}', 'func:', 'open:[', 'name:X', 'close:]',
    ]);
  });

  it('reads sums with their indices', () => {
    assert.deepEqual(toks('\\sum_i \\sum_{j} \\sum_{i,j} \\sum_{ij} \\sum_{k=1}^{|x|} Σ ∑', true), [
      'sum:sum[i]', 'sum:sum[j]', 'sum:sum[i,j]', 'sum:sum[i,j]', 'sum:sum[k]', 'sum:sum[]', 'sum:sum[]',
    ]);
  });

  it('reads one character after ^ and _ in LaTeX', () => {
    assert.deepEqual(toks('A^TB x^10 x_ij', true), ['name:A', 'op:^', 'name:T', 'name:B', 'name:x', 'op:^', 'num:1', 'num:0', 'name:x_i', 'name:j']);
  });

  it('ends clauses at \\text and \\quad, or expands \\text for prose patterns', () => {
    assert.deepEqual(toks('x \\text{ for all } y \\quad z', true), ['name:x', 'text:for all', 'name:y', 'text:', 'name:z']);
    assert.deepEqual(toks('x \\text{ are } y', true, { expandText: true }), ['name:x', 'name:are', 'name:y']);
  });

  it('ignores presentation commands, alignment and comments', () => {
    assert.deepEqual(toks('\\displaystyle x &= \\Big( y \\Big) \\label{eq:1} % note', true), ['name:x', 'op:=', 'open:(', 'name:y', 'close:)']);
  });

  it('splits letter runs only when asked', () => {
    assert.deepEqual(toks('CBA', true), ['name:CBA']);
    assert.deepEqual(toks('CBA', true, { splitRun: (r) => r === 'CBA' }), ['name:C', 'name:B', 'name:A']);
  });

  it('keeps UTF-16 offsets into the whole text', () => {
    const text = 'ℝ x = \\mathbf{W}_1 · y';
    const spans = tokenize(text, 2, text.length, { latex: true }).map((t) => text.slice(t.span.start, t.span.end));
    assert.deepEqual(spans, ['x', '=', '\\mathbf{W}_1', '·', 'y']);
  });

  it('records spacing', () => {
    assert.deepEqual(tokenize('A B(C)', 0, 6, { latex: false }).map((t) => t.spaced), [true, true, false, false, false]);
  });
});
