import { evalDim } from '../../../src/core/index';
// One way to typeset a name: the table, KaTeX accepting each, and every LaTeX the panel shows agreeing.
import { strict as assert } from 'node:assert';
import katex from 'katex';
import { analyze } from '../../../src/core/analyze';
import { Exprs } from '../../../src/core/grad/expr';
import { deriveFromGraph } from '../../../src/core/grad/index';
import { toLatex } from '../../../src/core/grad/print/latex';
import { jacobianOf } from '../../../src/core/jacobian/index';
import { escapeLatex, latexName, partialDerivative } from '../../../src/core/print/latex-name';
import { fromDeriveResult, fromJacobianResult } from '../../../src/host/panel/payloads';

const NAMES: [string, string][] = [
  ['x', 'x'],
  ['W', 'W'],
  ['x_hat', 'x_{\\mathrm{hat}}'],
  ['Z_shift', 'Z_{\\mathrm{shift}}'],
  ['W1', 'W_{1}'],
  ['W_1', 'W_{1}'],
  ['x12', 'x_{12}'],
  ['x_i', 'x_{i}'],
  ['dW_1', '\\mathrm{dW}_{1}'],
  ['dW2', '\\mathrm{dW}_{2}'],
  ['h_fc1', 'h_{\\mathrm{fc1}}'],
  ['alpha', '\\alpha'],
  ['alpha2', '\\alpha_{2}'],
  ['Sigma', '\\Sigma'],
  ['Δ', '\\Delta'],
  ['σ_k', '\\sigma_{k}'],
  ['x_alpha', 'x_{\\alpha}'],
  ["x'", "x'"],
  ["W1''", "W_{1}''"],
  ['logits', '\\mathrm{logits}'],
  ['grad_W', '\\mathrm{grad\\_W}'],
  ['dL_dW', '\\mathrm{dL\\_dW}'],
  ['x__y', '\\mathrm{x\\_\\_y}'],
  ['W_', '\\mathrm{W\\_}'],
];

describe('print: how a name is written in LaTeX', () => {
  for (const [name, latex] of NAMES) {
    it(`${name} → ${latex}, which KaTeX typesets`, () => {
      assert.equal(latexName(name), latex);
      assert.doesNotThrow(() => katex.renderToString(latex, { throwOnError: true }));
    });
  }

  it('escapes what LaTeX treats as commands', () => {
    assert.equal(escapeLatex('a\\b{c}^~$#%&'), 'a\\backslash{}b\\{c\\}\\hat{}\\sim{}\\$\\#\\%\\&');
    assert.doesNotThrow(() => katex.renderToString(latexName('a{b}^c~$#%&'), { throwOnError: true }));
  });

  it('writes ∂E/∂X with the same names', () => {
    assert.deepEqual(partialDerivative('E', 'h_fc1'), { text: '∂E/∂h_fc1', latex: '\\frac{\\partial E}{\\partial h_{\\mathrm{fc1}}}' });
  });

  it('the grad printers name variables as latexName does', () => {
    const x = new Exprs();
    for (const [name, latex] of NAMES) assert.equal(toLatex(x.variable(name, [2, 3])), latex, name);
  });
});

describe('print: the derivation, the Jacobian and the panel write a name the same way', function () {
  this.timeout(60_000);
  // Python names (a prime is not one): each is the variable of a derivation and of a Jacobian.
  const python = NAMES.filter(([name]) => /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name) && !name.endsWith('_'));

  for (const [name, latex] of python) {
    it(`${name}: ∂E/∂${name} and ∂vec(E)/∂vec(${name})ᵀ show ${latex}`, async () => {
      const code = `import numpy as np\n${name} = np.random.randn(3, 4)\nE = np.sum(np.tanh(${name}))\n`;
      const a = await analyze(code, { language: 'python' });
      const derived = deriveFromGraph(a.graph, 'E', name);
      assert.ok(derived.ok, derived.ok ? '' : derived.error);
      assert.equal(derived.derivative.latex, `\\frac{\\partial E}{\\partial ${latex}}`);
      assert.ok(derived.gradient.latex.includes(latex), derived.gradient.latex);
      const derivation = fromDeriveResult(derived, { of: 'E', wrt: name });
      assert.equal(derivation.derivative?.latex, derived.derivative.latex);

      const jacobian = jacobianOf(a, { wrt: name });
      assert.ok(jacobian.title.latex.includes(`\\operatorname{vec}(${latex})`), jacobian.title.latex);
      const payload = fromJacobianResult(evalDim, jacobian, a.graph, a.lines, [name]);
      assert.equal(payload.chain?.title.latex, jacobian.title.latex);
      const tanh = payload.perOp.find((e) => e.op === 'tanh');
      assert.ok(tanh?.title.latex.includes(`\\operatorname{vec}(${latex})`), tanh?.title.latex);
    });
  }
});
