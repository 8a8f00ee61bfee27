import { strict as assert } from 'node:assert';
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
    assert.deepEqual(Object.keys(j.check).sort(), ['atol', 'ms', 'precision', 'rtol']);
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

  it('exit 2 when it cannot run (no loss)', async () => {
    const r = await run(join(FIX, 'no_loss.py'));
    assert.equal(r.exitCode, 2);
    assert.match(r.stdout, /no-loss/);
  });

  it('--lines restricts the verdicts to the selection', async () => {
    const r = await run(join(FIX, 'two_layer.py'), '--lines', '21-23', '--json');
    const lines = JSON.parse(r.stdout).gradients.map((g: { line: number }) => g.line);
    assert.deepEqual(lines, [21, 22, 23]);
  });
});
