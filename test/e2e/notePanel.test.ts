import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resultsDir } from '../../scripts/paths';
import { openWorkbench } from './support/hooks';
import { panelFrame } from './support/panel';
import { waitUntil } from './support/wait';

describe('Grad Lens panel on a note', () => {
  it("shows the seed question's equations with their shapes, Grad Lens's derivation beside the answer's, each line of the answer with its verdict, and reveals a line on click", async function () {
    this.timeout(6 * 60_000); // a derivation and a check of the seed, on a loaded machine
    const wb = await openWorkbench();
    await wb.openFile('seed_question.md');
    await waitUntil(() => wb.statusItem(), (s) => /[1-9]\d* layers/.test(s), 'the analysis on open');
    await wb.runCommand('Grad Lens: Show Panel');
    const panel = await panelFrame(wb.page, 60_000);
    const note = panel.locator('.section-note');
    await note.locator('tr.note-equation').first().waitFor({ timeout: 60_000 });

    // The asker's equations, each with the shape Grad Lens read: x is (?, 10), the answer's M is (10·?, 1568·?).
    const shapes = (await note.locator('tr.note-equation td:last-child').allInnerTexts()).map((s) => s.trim());
    assert.ok(shapes.includes('(?, 10)'), `x and X read as (?, 10): ${shapes.join(' | ')}`);
    assert.ok(shapes.includes('(10·?, 1568·?)'), `M sized by its context: ${shapes.join(' | ')}`);

    // Grad Lens's own derivation of the derivative the answer states, without being asked.
    const ours = note.locator('.note-ours .result');
    await ours.waitFor({ timeout: 60_000 });
    assert.match((await ours.getAttribute('aria-label')) ?? '', /^∂E\/∂C = .*Aᵀ·Bᵀ$/);
    assert.ok((await note.locator('.note-ours ol.steps li').count()) > 1, 'the steps of the derivation');

    // The answer's derivation, line by line, judged by Check Gradients.
    const lines = note.locator('tr.note-line');
    assert.equal(await lines.count(), 9, 'dx = …, the seven links of dE = …, and ∂E/∂c = …');
    assert.match(await lines.first().locator('.note-verdict').innerText(), /not checked/);
    await wb.focusEditor();
    await wb.runCommand('Grad Lens: Check Gradients');
    await waitUntil(() => lines.last().locator('.note-verdict').innerText(), (v) => /wrong/.test(v), 'the verdict on ∂E/∂c', 240_000);
    const verdicts = (await note.locator('tr.note-line .note-verdict').allInnerTexts()).map((v) => v.trim());
    assert.deepEqual(verdicts, ['wrong', 'correct', 'correct', 'correct', 'wrong', 'correct', 'correct', 'correct', 'wrong']);
    const reason = note.locator('tr.note-line.verdict-wrong + tr.message-row').last();
    assert.match(await reason.innerText(), /^∂E\/∂c holds only when N = 1: vec\(softmax\(Z\)\) = softmax\(vec Z\) treats the N rows as one softmax/);

    // A picture of the section for whoever reads the results (not compared with anything).
    mkdirSync(resultsDir, { recursive: true });
    await note.locator('.note-compare').scrollIntoViewIfNeeded();
    await wb.page.screenshot({ path: join(resultsDir, 'panel-note.png') });

    // A click on the final line selects it in the editor.
    const line = wb.find('seed_question.md', '\\frac{\\partial E}{\\partial c} &=').line;
    await lines.last().click();
    await waitUntil(() => wb.cursor(), (c) => c.startsWith(`Ln ${line},`) && /selected/.test(c), `a selection on line ${line}`);
    assert.deepEqual(wb.loggedErrors(), []);
  });
});
