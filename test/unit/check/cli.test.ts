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
});
