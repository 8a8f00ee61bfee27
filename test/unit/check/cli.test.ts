import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../../src/cli/args';
import { checkCommand } from '../../../src/cli/check';

const FIX = join(__dirname, '../../fixtures/check');
const run = (...argv: string[]) => checkCommand(parseArgs(['check', ...argv]), undefined);

describe('grad-lens check', () => {
  it('exit 0 and the JSON contract when every gradient is correct', async () => {
    const r = await run(join(FIX, 'two_layer.py'), '--json');
    assert.equal(r.exitCode, 0);
    const j = JSON.parse(r.stdout);
    assert.equal(j.loss, 'loss');
    assert.ok(Array.isArray(j.layers) && Array.isArray(j.problems));
    assert.deepEqual(Object.keys(j.check).sort(), ['atol', 'autodiff', 'ms', 'precision', 'rtol']);
    assert.match(j.check.autodiff, /^TensorFlow\.js (wasm(\+simd)?|cpu), \d+ threads?$/);
    const dW2 = j.gradients.find((g: { name: string }) => g.name === 'dW2');
    assert.deepEqual(Object.keys(dW2).sort(), ['factor', 'line', 'maxAbsError', 'maxRelError', 'message', 'mistake', 'name', 'verdict', 'wrt'].sort());
    assert.equal(dW2.line, 22);
    assert.equal(dW2.verdict, 'correct');
  });

  it('exit 1 with the mistakes named', async () => {
    const r = await run(join(FIX, 'softmax_no_mean.py'), '--json');
    assert.equal(r.exitCode, 1);
    const dW = JSON.parse(r.stdout).gradients.find((g: { name: string }) => g.name === 'dW');
    assert.equal(dW.verdict, 'wrong');
    assert.equal(dW.mistake, 'scaled');
    assert.ok(Math.abs(dW.factor - 0.125) < 1e-6);
  });

  it('checks the lines of a note that state a derivative, each verdict on its line; --dims N=1 sets the note\'s batch ?', async () => {
    const note = join(FIX, 'notes', 'least_squares.md');
    const r = await run(note, '--json');
    assert.equal(r.exitCode, 1);
    const lines = JSON.parse(r.stdout).gradients.map((g: { name: string; line: number; verdict: string }) => [g.name, g.line, g.verdict]);
    assert.deepEqual(lines, [['∂L/∂w', 9, 'correct'], ['∂L/∂w', 13, 'wrong'], ['dL', 17, 'correct'], ['dL', 18, 'correct']]);
    const seed = await run(join(__dirname, '../../../examples/seed_question.md'), '--dims', 'N=1');
    assert.equal(seed.exitCode, 0, seed.stdout);
    assert.match(seed.stdout, /9 gradients: 9 correct, 0 wrong/);
  });

  it('exit 1 when there is nothing to check: no loss', async () => {
    const r = await run(join(FIX, 'no_loss.py'));
    assert.equal(r.exitCode, 1);
    assert.match(r.stdout, /warning \[no-loss\] No loss found: .*named scalar \(loss, cost/);
  });

  it('exit 1 when there is nothing to check: a loss and no hand-written gradient', async () => {
    const r = await run(join(FIX, 'forward_only.py'), '--json');
    assert.equal(r.exitCode, 1);
    const j = JSON.parse(r.stdout);
    assert.equal(j.loss, 'loss');
    assert.deepEqual(j.gradients, []);
    const p = j.problems.find((q: { code: string }) => q.code === 'no-gradients');
    assert.equal(p.severity, 'warning');
    assert.match(p.message, /looks for names such as dW, .*grad_W/);
  });

  it('exit 1 when gradients were found but none could be checked', async () => {
    const r = await run(join(FIX, 'non_finite.py'), '--json');
    const j = JSON.parse(r.stdout);
    assert.ok(j.gradients.length > 0 && j.gradients.every((g: { verdict: string }) => g.verdict === 'unchecked'));
    assert.ok(!j.problems.some((p: { severity: string }) => p.severity === 'error'));
    assert.equal(r.exitCode, 1);
  });


  it('--lines restricts the verdicts to the selection', async () => {
    const r = await run(join(FIX, 'two_layer.py'), '--lines', '21-23', '--json');
    const lines = JSON.parse(r.stdout).gradients.map((g: { line: number }) => g.line);
    assert.deepEqual(lines, [21, 22, 23]);
  });

  it('checks a notebook as one program: each verdict in its cell, on its line within it', async () => {
    const r = await run(join(__dirname, '../../../examples/two_layer_net.ipynb'), '--json');
    assert.equal(r.exitCode, 0);
    const j = JSON.parse(r.stdout);
    assert.equal(j.loss, 'loss');
    const verdicts = j.gradients.map((g: { name: string; cell: number; line: number; verdict: string }) => `${g.name} ${g.cell}:${g.line} ${g.verdict}`);
    assert.deepEqual(verdicts, ['dscores 6:3 correct', 'dW2 6:4 correct', 'db2 6:5 correct', 'dh 7:2 correct', 'dW1 7:3 correct', 'db1 7:4 correct']);
    const dW1 = j.problems.find((p: { code: string; message: string }) => p.code === 'grad-correct' && p.message.startsWith('dW1'));
    assert.deepEqual([dW1.cell, dW1.line, dW1.column], [7, 3, 1]);
    // The lines a message names are the cells' own lines too (cells counted from 1, as the editor shows them).
    const message = (name: string) => j.gradients.find((g: { name: string }) => g.name === name).message;
    assert.match(message('dscores'), /^dscores \(after \/= on line 3 of cell 7\) is correct/);
    assert.match(message('dh'), /^dh \(after the ReLU mask on line 2 of cell 8\) is correct: it is the gradient of hpre \(line 2 of cell 4\)/);
  });

  it('names a wrong gradient in a notebook with the cell it is in', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'grad-lens-')), 'wrong.ipynb');
    const cells = ['import numpy as np\nN = 8\nX = np.random.randn(N, 5)\nW = np.random.randn(5, 3)', 'out = X @ W\nloss = np.sum(out * out) / N', 'dout = 2 * out\ndW = X.T @ dout'];
    writeFileSync(file, JSON.stringify({ nbformat: 4, metadata: {}, cells: cells.map((source) => ({ cell_type: 'code', source, metadata: {} })) }));
    const r = await run(file, '--json');
    assert.equal(r.exitCode, 1);
    const dW = JSON.parse(r.stdout).gradients.find((g: { name: string }) => g.name === 'dW');
    assert.deepEqual([dW.cell, dW.line, dW.verdict, dW.mistake], [2, 2, 'wrong', 'scaled']);
    // dout misses the 1/N of the loss: the correct gradient is the hand-written one times 1/N.
    assert.ok(Math.abs(dW.factor - 0.125) < 1e-6, `factor ${dW.factor}`);
  });
});
