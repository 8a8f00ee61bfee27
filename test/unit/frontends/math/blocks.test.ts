import * as assert from 'node:assert/strict';
import { findBlocks } from '../../../../src/core/frontends/math/blocks';

function pieces(text: string): string[] {
  return findBlocks(text).segments.map((s) => text.slice(s.start, s.end));
}

describe('math blocks', () => {
  it('takes plain lines without list and quote markers', () => {
    assert.deepEqual(pieces('A: 3 x 4\n- X = A*B\n> 1. Y = X\n'), ['A: 3 x 4', 'X = A*B', 'Y = X']);
  });

  it('leaves an HTML comment at the end of a plain line out', () => {
    assert.deepEqual(pieces('dL/dw = X\' * (p - y) <!-- expect: correct -->\n<!-- a note -->'), ["dL/dw = X' * (p - y)"]);
  });

  it('takes inline $…$ and `…` spans, not the prose around them', () => {
    assert.deepEqual(pieces('Let $X = AB$ and `Y = X*2` hold.'), ['X = AB', 'Y = X*2']);
  });

  it('splits display blocks at \\\\ and \\cr, across lines', () => {
    const text = '$$ \\begin{align} E &= a \\\\ x &= b\\\\ \\end{align} $$\n$$\\eqalign{ M &= A \\cr c &= d \\cr }$$';
    assert.deepEqual(pieces(text), ['\\begin{align} E &= a', 'x &= b', '\\end{align}', '\\eqalign{ M &= A', 'c &= d', '}']);
  });

  it('splits a multi-line $$ block at newlines unless the statement continues', () => {
    const text = '$$\nX = softmax(A\n  + B)\nY = X\n  - Z\n$$';
    assert.deepEqual(pieces(text), ['X = softmax(A\n  + B)', 'Y = X\n  - Z']);
  });

  it('reads \\[ … \\] and bare \\begin{align} environments', () => {
    assert.deepEqual(pieces('\\[ q = 2p \\]\n\\begin{align}\nL &= x \\\\\nM &= y\n\\end{align}'), ['q = 2p', '\\begin{align}', 'L &= x', 'M &= y']);
  });

  it('skips code fences except empty and math ones', () => {
    const text = '```python\nx = np.dot(W, x)\n```\n```\nZ = A*B\n```\n~~~math\nW = Z\n~~~\nafter';
    assert.deepEqual(pieces(text), ['Z = A*B', 'W = Z', 'after']);
  });

  it('skips headings and tables', () => {
    assert.deepEqual(pieces('# X = A\n| a | b = c |\nY = B'), ['Y = B']);
  });

  it('marks LaTeX segments', () => {
    const text = 'X = A*B\n$Y = B$\nZ = \\mathbf{A}\nW = A^{-1}';
    assert.deepEqual(findBlocks(text).segments.map((s) => s.latex), [false, true, true, true]);
  });

  it('handles CRLF line ends', () => {
    assert.deepEqual(pieces('A: 3 x 4\r\nX = A\r\n'), ['A: 3 x 4', 'X = A']);
  });

  it('keeps an unterminated display block to the end', () => {
    assert.deepEqual(pieces('$$ X = A'), ['X = A']);
  });
});
