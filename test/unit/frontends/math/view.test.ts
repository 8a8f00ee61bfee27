// What the panel's Note section shows of a note: equations with their shapes, and the note's derivation located where the check's verdicts are.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../../src/core/analyze';
import { noteView } from '../../../../src/core/frontends/math/view';
import { noteLatex } from '../../../../src/core/frontends/math/typeset';

const SEED = readFileSync(join(__dirname, '../../../../examples/seed_question.md'), 'utf8');

describe('math: the view of a note', () => {
  it('lists the seed answer equations with their shapes and its derivation line by line', async () => {
    const a = await analyze(SEED, { language: 'math' });
    const view = noteView(a);
    const shapeOf = (name: string) => view.equations.filter((e) => e.name === name).map((e) => e.shape);
    assert.deepEqual(shapeOf('M'), [['10*?', '1568*?']]);
    assert.deepEqual(shapeOf('x'), [['?', 10], ['10*?', 1]]);
    assert.ok(view.equations.every((e) => !e.name.startsWith('∂')), 'a stated derivative is a line of the derivation, not an equation');
    assert.equal(view.equations.find((e) => e.name === 'z')?.latex, 'z = Mc');
    // dx = …, the seven links of dE, and ∂E/∂c: in the order they are written.
    assert.deepEqual(
      view.derivation.map((d) => d.states),
      ['dx', 'dE', 'dE', 'dE', 'dE', 'dE', 'dE', 'dE', '∂E/∂c'],
    );
    assert.equal(view.derivation[1].latex, 'dE = -y:d\\log(x)');
    assert.equal(view.derivation[2].latex, '= -y:\\frac{dx}{x}');
    assert.ok(!view.derivation[8].latex.includes('&'), 'no alignment marks outside their block');
    assert.deepEqual(view.claims, [{ loss: 'E', wrt: 'C' }]);
  });

  it("puts each line where the check puts its verdict", async () => {
    const a = await analyze(SEED, { language: 'math' });
    const view = noteView(a);
    const final = view.derivation[view.derivation.length - 1];
    assert.match(SEED.slice(final.span.start, final.span.end), /^\\frac\{\\partial E\}\{\\partial c\}/);
    const dx = view.derivation[0];
    assert.equal(SEED.slice(dx.span.start, dx.span.end), 'dx = ({\\rm Diag}(x) - xx^T)\\,dz');
  });

  it('is empty for code', async () => {
    const a = await analyze('import numpy as np\nW = np.zeros((3, 4))\n', { language: 'python' });
    assert.deepEqual(noteView(a), { equations: [], derivation: [], claims: [] });
  });
});

describe('math: a note line typeset', () => {
  it('keeps LaTeX as written, without alignment marks', () => {
    assert.equal(noteLatex('x &= {\\rm vec}(X) \\\\'), 'x = {\\rm vec}(X)');
    assert.equal(noteLatex('dx = ({\\rm Diag}(x) - xx^T)\\,dz \\cr'), 'dx = ({\\rm Diag}(x) - xx^T)\\,dz');
  });

  it('spells plain text in LaTeX: functions upright, operators as commands, names as Grad Lens sets them', () => {
    assert.equal(noteLatex('x = softmax(B•A)'), 'x = \\operatorname{softmax}(B\\cdot A)');
    assert.equal(noteLatex('dE/dC = (S − Y)·Aᵀ·W1ᵀ'), 'dE/dC = (S - Y)\\cdot A^{T}\\cdot W_{1}^{T}');
    assert.equal(noteLatex('K = P ⊗ Q, '), 'K = P \\otimes Q');
    // A run of letters is the product the note wrote, not a word.
    assert.equal(noteLatex('z = Mc'), 'z = Mc');
  });
});
