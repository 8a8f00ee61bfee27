import assert from 'node:assert/strict';
import { openWorkbench } from './support/hooks';
import { panelFrame } from './support/panel';
import { waitUntil } from './support/wait';

describe('Grad Lens on the seed question as its asker wrote it', () => {
  it('reads it with no warning, judges the answer\'s last line in the Problems panel, and derives dE/dC', async function () {
    this.timeout(5 * 60_000); // its waits (the check up to 90 s, the derivation up to 60 s) add up to more than the default
    const wb = await openWorkbench();
    await wb.openFile('seed_question.md');
    await wb.showProblems();
    await waitUntil(() => wb.statusItem(), (s) => /[1-9]\d* layers/.test(s), 'the analysis on open');
    const before = await wb.waitForProblems((r) => r.some((p) => /read as a where clause/.test(p.message)), 'the where clause');
    assert.deepEqual(before.filter((p) => p.severity !== 'Info').map((p) => p.message), [], 'no warnings or errors on the question and its answer');

    await wb.runCommand('Grad Lens: Check Gradients');
    const rows = await wb.waitForProblems((r) => r.some((p) => p.message.startsWith('∂E/∂c ')), 'the verdict on ∂E/∂c', 90_000);
    const verdict = rows.find((p) => p.message.startsWith('∂E/∂c '))!;
    assert.equal(verdict.severity, 'Error');
    assert.match(verdict.message, /^∂E\/∂c holds only when N = 1: vec\(softmax\(Z\)\) = softmax\(vec Z\) treats the N rows as one softmax/);
    assert.equal(verdict.line, wb.find('seed_question.md', '\\frac{\\partial E}{\\partial c} &=').line);

    await wb.startCommand('Grad Lens: Derive Gradient');
    const labels = await wb.quickPickLabels(/Differentiate E with respect to/);
    assert.deepEqual(labels.slice(0, 3), ['C', 'B', 'A']);
    await wb.pick('C');
    const panel = await panelFrame(wb.page, 60_000);
    const result = panel.locator('.section-gradients .result');
    await result.waitFor();
    assert.match((await result.getAttribute('aria-label')) ?? '', /^dE\/dC = \(Diag\(a·1\)·softmax\(C·B·A\) − a\)·Aᵀ·Bᵀ$/);
    assert.match(await panel.locator('.section-gradients .status').innerText(), /verified/);
    assert.deepEqual(wb.loggedErrors(), []);
  });
});
