import assert from 'node:assert/strict';
import { escapeLatex, jacobianLatex, latexName, partial } from '../../../webview/lib/latex';

describe('webview: LaTeX for user names', () => {
  it('keeps one-letter names italic and sets longer ones as escaped words', () => {
    assert.equal(latexName('C'), 'C');
    assert.equal(latexName('W2'), 'W_{2}');
    assert.equal(latexName('h_fc1'), '\\mathit{h\\_fc1}');
    assert.equal(escapeLatex('a\\b{c}^~$#%&'), 'a\\backslash{}b\\{c\\}\\hat{}\\sim{}\\$\\#\\%\\&');
  });

  it('writes ∂E/∂C and the Jacobian in vec notation', () => {
    assert.equal(partial('E', 'C'), '\\frac{\\partial E}{\\partial C}');
    assert.equal(jacobianLatex('X', 'C'), '\\frac{\\partial\\,\\operatorname{vec}(X)}{\\partial\\,\\operatorname{vec}(C)^{T}}');
  });
});
