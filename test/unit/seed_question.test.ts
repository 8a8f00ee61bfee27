// The acceptance test: the question Grad Lens grew from, as its asker wrote it (examples/seed_question.md).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { checkGradients } from '../../src/core/check/index';
import { deriveFromGraph } from '../../src/core/grad/index';
import { differentiable } from '../../src/core/variables';

const text = readFileSync(join(__dirname, '../../examples/seed_question.md'), 'utf8');

describe('the seed question as written', function () {
  this.timeout(60_000);
  const analysis = analyze(text, { language: 'math', fileName: 'seed_question.md' });

  it('reads x = softmax(B•A) with B = C•B as a where clause: x is (?, 10)', async () => {
    const a = await analysis;
    const row = (name: string, line: number) => a.layers.find((l) => l.name === name && l.line === line);
    assert.deepEqual(row('B', 13)?.shape, ['?', 1024]);
    assert.deepEqual(row('x', 13)?.shape, ['?', 10]);
    assert.deepEqual(row('readoutX', 9)?.shape, ['?', 10]);
    assert.deepEqual(row('E', 13)?.shape, []);
    const onQuestion = a.problems.filter((p) => a.lines.lineOf(p.span.start) < 30);
    assert.deepEqual(onQuestion.map((p) => [p.code, p.severity]), [['unknown-shape', 'info'], ['self-definition', 'info']]);
    assert.match(onQuestion[0].message, /^`a` is not declared: read as data of shape \(\?, 10\)/);
  });

  it('reads the answer\'s notation (vec, ⊗, I_c, Diag, the differentials) with no warning', async () => {
    const a = await analysis;
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info'), []);
    const row = (name: string) => a.layers.find((l) => l.name === name && l.line === 40);
    assert.deepEqual(row('M')?.shape, ['10*?', '1568*?']);
    assert.deepEqual(row('c')?.shape, ['1568*?', 1]);
    assert.deepEqual(row('z')?.shape, ['10*?', 1]);
    assert.deepEqual(row('x')?.shape, ['10*?', 1]);
    assert.deepEqual(row('E')?.shape, []);
    assert.equal(row('dx'), undefined, 'dx = (Diag(x) − xxᵀ) dz is a differential, not a definition');
  });

  it('offers C, B and A, and derives dE/dC = (S − a)·Aᵀ·Bᵀ in the asker\'s letters, stating the assumption on the rows of a', async () => {
    const a = await analysis;
    const v = differentiable(a);
    assert.equal(v.loss, 'E');
    assert.deepEqual(v.inputs.slice(0, 3), ['C', 'B', 'A']);
    const r = deriveFromGraph(a.graph, 'E', 'C');
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.gradient.text, '(Diag(a·1)·softmax(C·B·A) − a)·Aᵀ·Bᵀ');
    const last = r.steps[r.steps.length - 1].text;
    assert.match(last, /^If rows of a sum to 1 .*∂E\/∂C = \(x − a\)·Aᵀ·Bᵀ/);
    assert.ok(r.verified.maxRelError < 1e-6);
    const withRows = deriveFromGraph(a.graph, 'E', 'C', { assume: ['rows of a sum to 1'] });
    assert.ok(withRows.ok, withRows.ok ? '' : withRows.error);
    assert.equal(withRows.gradient.text, '(softmax(C·B·A) − a)·Aᵀ·Bᵀ');
  });

  it('takes dE/dB with respect to the declared B, not the where clause\'s C·B', async () => {
    const a = await analysis;
    const r = deriveFromGraph(a.graph, 'E', 'B');
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.gradient.text, 'Cᵀ·(Diag(a·1)·softmax(C·B·A) − a)·Aᵀ');
  });

  it('judges the answer\'s final line wrong for a batch, and names why: it holds only when N = 1', async () => {
    const r = await checkGradients(text, { language: 'math', fileName: 'seed_question.md' });
    assert.equal(r.loss, 'E');
    const g = r.gradients.find((v) => v.name === '∂E/∂c')!;
    assert.equal(g.name, '∂E/∂c');
    assert.equal(g.wrt, 'C');
    assert.match(text.split('\n')[g.line - 1], /\\frac\{\\partial E\}\{\\partial c\} &= M\^T\(xx\^T-\{\\rm Diag\}\(x\)\)/);
    assert.equal(g.verdict, 'wrong');
    assert.ok((g.maxAbsError ?? 0) > 0.01, `off by ${g.maxAbsError}`);
    assert.match(g.message, /^∂E\/∂c holds only when N = 1: vec\(softmax\(Z\)\) = softmax\(vec Z\) treats the N rows as one softmax; the row-wise Jacobian is block-diagonal, Diag\(x_n\) − x_n x_nᵀ per row \(off by up to .* at N = 8; at N = 1 it agrees with autodiff\)$/);
    const problem = r.problems.find((p) => p.code === 'grad-mismatch' && p.message.startsWith('∂E/∂c'));
    assert.equal(problem?.message, g.message);
    assert.equal(r.analysis.lines.lineOf(problem.span.start), g.line);
  });

  it('judges the derivation in differentials link by link: the first that breaks is the softmax step', async () => {
    const r = await checkGradients(text, { language: 'math', fileName: 'seed_question.md' });
    const source = (v: { span: { start: number; end: number } }) => text.slice(v.span.start, v.span.end);
    const dE = r.gradients.filter((v) => v.name === 'dE');
    assert.deepEqual(dE.map((v) => [source(v), v.verdict]), [
      ['-y:d\\log(x)', 'correct'],
      ['-y:\\frac{dx}{x}', 'correct'],
      ['-\\frac{y}{x}:dx', 'correct'],
      ['-\\frac{y}{x}:({\\rm Diag}(x) - xx^T)\\,dz', 'wrong'],
      ['(xx^T-{\\rm Diag}(x))\\,\\Big(\\frac{y}{x}\\Big) : dz', 'correct'],
      ['(xx^T-{\\rm Diag}(x))\\,\\Big(\\frac{y}{x}\\Big) : M\\,dc', 'correct'],
      ['M^T(xx^T-{\\rm Diag}(x))\\,\\Big(\\frac{y}{x}\\Big) : dc', 'correct'],
    ]);
    assert.match(dE[3].message, /holds only when N = 1: vec\(softmax\(Z\)\) = softmax\(vec Z\) treats the N rows as one softmax/);
    const dx = r.gradients.filter((v) => v.name === 'dx');
    assert.deepEqual(dx.map((v) => [source(v), v.verdict]), [['({\\rm Diag}(x) - xx^T)\\,dz', 'wrong']]);
    assert.match(dx[0].message, /^dx = .* holds only when N = 1: /);
  });

  it('judges every line correct with N = 1', async () => {
    const r = await checkGradients(text, { language: 'math', fileName: 'seed_question.md', dims: { N: 1 } });
    assert.equal(r.gradients.length, 9);
    assert.deepEqual(r.gradients.filter((g) => g.verdict !== 'correct').map((g) => g.message), []);
    assert.ok((r.gradients.find((g) => g.name === '∂E/∂c')?.maxRelError ?? 1) < 1e-3);
  });
});
