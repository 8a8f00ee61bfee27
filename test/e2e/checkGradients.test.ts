import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { examplesDir, resultsDir } from '../../scripts/paths';
import { openWorkbench } from './support/hooks';
import { panelFrame } from './support/panel';
import { waitUntil } from './support/wait';

describe('Grad Lens: Check Gradients', () => {
  it('marks every hand-written gradient of two_layer_net.py correct, each on its own line, and logs the tolerances', async () => {
    const wb = await openWorkbench();
    await wb.openFile('two_layer_net.py');
    await wb.showProblems();
    await waitUntil(() => wb.statusItem(), (s) => /[1-9]\d* layers/.test(s), 'the analysis on open');
    await wb.runCommand('Grad Lens: Check Gradients');
    const rows = await wb.waitForProblems((r) => r.filter((p) => / is correct/.test(p.message)).length === 6, 'six correct verdicts', 60_000);
    // dscores and dh are judged where their values are final: after `dscores /= N` and after the mask.
    const lines = { dscores: 'dscores /= N', dW2: 'dW2 = ', db2: 'db2 = ', dh: 'dh[hpre <= 0] = 0', dW1: 'dW1 = ', db1: 'db1 = ' };
    for (const [name, code] of Object.entries(lines)) {
      const row = rows.find((p) => new RegExp(`^${name}( \\(after [^)]*\\))? is correct`).test(p.message));
      assert.ok(row, `a verdict on ${name}: ${JSON.stringify(rows)}`);
      assert.equal(row.severity, 'Info');
      assert.equal(row.line, wb.find('two_layer_net.py', code).line, `the line of ${name}`);
      assert.match(row.message, /max abs error [\d.e-]+/);
    }
    await waitUntil(() => wb.notifications(), (n) => n.some((m) => /6 gradients checked in two_layer_net\.py: 6 correct, 0 wrong/.test(m)), 'the summary notification');
    const log = wb.gradLensLog();
    assert.match(log, /check two_layer_net\.py: loss loss; 6 gradients/);
    assert.match(log, /reference: float(32|64) autodiff verified by float64 finite differences; rtol 0\.001, atol 0\.00001/);
    assert.match(log, /timings: check \d+ ms/);
    // The packaged threaded build started in the check's worker: one XNNPACK thread per core, at most four.
    const threads = Math.min(4, availableParallelism());
    assert.match(log, new RegExp(`autodiff: TensorFlow\\.js wasm\\+simd, ${threads} threads?\\n`));
    assert.doesNotMatch(log, /in the extension host instead/, 'the check ran in its worker thread');
    assert.deepEqual(wb.loggedErrors(), []);
  });

  it('names the missing 1/N as an error on the dW2 line, shows it in the panel, and clears the verdicts on an edit', async () => {
    const buggy = readFileSync(join(examplesDir, 'two_layer_net.py'), 'utf8').replace('dscores /= N\n', '');
    const wb = await openWorkbench({ files: { 'two_layer_net_bug.py': buggy } });
    await wb.openFile('two_layer_net_bug.py');
    await wb.showProblems();
    await wb.runCommand('Grad Lens: Check Gradients');
    const rows = await wb.waitForProblems((r) => r.some((p) => p.message.startsWith('dW2 ')), 'the verdict on dW2', 60_000);
    const dW2 = rows.find((p) => p.message.startsWith('dW2 '))!;
    assert.equal(dW2.severity, 'Error');
    assert.match(dW2.message, /^dW2 is off by a factor of 1\/N \(0\.125\): the loss takes the mean over N = 8 samples/);
    assert.equal(dW2.line, wb.find('two_layer_net_bug.py', 'dW2 = ').line);

    // "Show in Panel" on the summary: the check results, with a heat map of analytic − numeric.
    const summary = /gradients checked in two_layer_net_bug\.py: 0 correct, 6 wrong/;
    await waitUntil(() => wb.notifications(), (n) => n.some((m) => summary.test(m)), 'the summary notification');
    await wb.clickNotificationButton(summary, 'Show in Panel');
    const panel = await panelFrame(wb.page);
    const table = panel.locator('.check-table');
    await table.waitFor();
    assert.match(await table.innerText(), /dW2[\s\S]*wrong: scaled/);
    const heatmap = panel.locator('.check-detail', { hasText: 'dW2' }).locator('canvas').first();
    await heatmap.waitFor();
    await heatmap.scrollIntoViewIfNeeded();
    mkdirSync(resultsDir, { recursive: true });
    await wb.page.screenshot({ path: join(resultsDir, 'check-heatmap.png') });

    // Any edit makes the verdicts stale: they go, the analysis stays.
    await wb.focusEditor();
    await wb.goTo(dW2.line, 1);
    await wb.page.keyboard.type('# edited\n');
    await wb.waitForProblems((r) => !r.some((p) => /dW2/.test(p.message)), 'the verdicts to go away');
    assert.deepEqual(wb.loggedErrors(), []);
  });

  it('judges a gradient built with += on its last line: a regularisation term with the wrong factor is an error', async () => {
    const source = readFileSync(join(examplesDir, 'two_layer_net.py'), 'utf8');
    const regularised = source
      .replace('N, D, H, K = 8, 20, 16, 5\n', 'N, D, H, K = 8, 20, 16, 5\nreg = 0.1\n')
      .replace('loss = -np.mean(np.log(probs[np.arange(N), y]))\n', 'loss = -np.mean(np.log(probs[np.arange(N), y])) + reg * np.sum(W2 * W2)\n')
      .replace('dW2 = h.T @ dscores\n', 'dW2 = h.T @ dscores\ndW2 += reg * W2\n');
    assert.notEqual(regularised, source);
    const wb = await openWorkbench({ files: { 'two_layer_reg.py': regularised } });
    await wb.openFile('two_layer_reg.py');
    await wb.showProblems();
    await wb.runCommand('Grad Lens: Check Gradients');
    const rows = await wb.waitForProblems((r) => r.some((p) => p.message.startsWith('dW2 ')), 'the verdict on dW2', 60_000);
    const dW2 = rows.filter((p) => p.message.startsWith('dW2 '));
    assert.equal(dW2.length, 1, `one verdict on dW2, on its last update: ${JSON.stringify(dW2)}`);
    assert.equal(dW2[0].severity, 'Error');
    assert.equal(dW2[0].line, wb.find('two_layer_reg.py', 'dW2 += reg * W2').line);
    assert.match(dW2[0].message, /^dW2 \(after \+= on line \d+\) has its term `reg \* W2` \(line \d+\) off by a factor of 2: the gradient of `reg \* np\.sum\(W2 \* W2\)` \(line \d+\) is 2·reg·W2/);
    await waitUntil(() => wb.notifications(), (n) => n.some((m) => /gradients checked in two_layer_reg\.py: 5 correct, 1 wrong/.test(m)), 'the summary notification');
    assert.deepEqual(wb.loggedErrors(), []);
  });

  it('offers "Show in the Grad Lens panel" on a verdict', async () => {
    const wb = await openWorkbench();
    await wb.openFile('seed.py');
    await wb.showProblems();
    await wb.runCommand('Grad Lens: Check Gradients');
    const rows = await wb.waitForProblems((r) => r.some((p) => p.message.startsWith('dC is correct')), 'the verdict on dC', 60_000);
    const dC = rows.find((p) => p.message.startsWith('dC is correct'))!;
    const actions = await wb.codeActions(dC.line, dC.column);
    await actions.filter({ hasText: /Grad Lens panel/ }).first().click();
    const panel = await panelFrame(wb.page);
    const table = panel.locator('.check-table');
    await table.waitFor();
    for (const name of ['dC', 'dB', 'dA']) assert.match(await table.innerText(), new RegExp(`${name}[\\s\\S]*correct`));
    assert.deepEqual(wb.loggedErrors(), []);
  });

  it('cancels a long check at once, from the panel’s progress bar and from the notification', async () => {
    // The seed at N = 4096 takes some twenty seconds to check at its full size; a work budget
    // large enough keeps it from being checked at reduced sizes (which takes under a second).
    const big = readFileSync(join(examplesDir, 'seed.py'), 'utf8').replace(/^N = 8 /m, 'N = 4096');
    const wb = await openWorkbench({ files: { 'seed_big.py': big }, settings: { 'gradLens.workBudget': 1e10 } });
    await wb.openFile('seed_big.py');
    await wb.showProblems();
    await wb.runCommand('Grad Lens: Show Panel');
    const panel = await panelFrame(wb.page);
    await panel.locator('.layer-table tbody tr').first().waitFor();

    await wb.runCommand('Grad Lens: Check Gradients');
    const bar = panel.locator('.progress', { hasText: 'Checking gradients in seed_big.py' });
    await bar.locator('vscode-button', { hasText: 'Cancel' }).click();
    let started = Date.now();
    await bar.waitFor({ state: 'hidden', timeout: 5000 });
    const fromPanel = Date.now() - started;
    await waitUntil(async () => wb.gradLensLog(), (log) => /check of seed_big\.py cancelled after \d+ ms/.test(log), 'the cancellation in the log');

    await wb.focusEditor();
    await wb.runCommand('Grad Lens: Check Gradients');
    const toast = /checking gradients in seed_big\.py/;
    await waitUntil(() => wb.notifications(), (n) => n.some((m) => toast.test(m)), 'the progress notification');
    await wb.clickNotificationButton(toast, 'Cancel');
    started = Date.now();
    await waitUntil(() => wb.notifications(), (n) => !n.some((m) => toast.test(m)), 'the notification to go', 5000);
    const fromNotification = Date.now() - started;
    await waitUntil(async () => wb.gradLensLog(), (log) => (log.match(/check of seed_big\.py cancelled after/g) ?? []).length === 2, 'the second cancellation in the log');

    assert.ok(fromPanel < 3000 && fromNotification < 3000, `cancelled in ${fromPanel} ms and ${fromNotification} ms`);
    assert.deepEqual((await wb.problems()).filter((p) => / is (correct|off|wrong)/.test(p.message)), [], 'no verdicts from a cancelled check');
    assert.doesNotMatch(wb.gradLensLog(), /check seed_big\.py: loss/);
    assert.deepEqual(wb.loggedErrors(), []);
  });
});
