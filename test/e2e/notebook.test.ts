import assert from 'node:assert/strict';
import { openWorkbench } from './support/hooks';
import { panelFrame } from './support/panel';
import { waitUntil } from './support/wait';

/** two_layer_net.ipynb: cell 0 is markdown; code cells 1-4 build the forward pass, 6-7 the backward one. */
const NOTEBOOK = 'two_layer_net.ipynb';

describe('Jupyter notebooks', () => {
  it('analyses the cells as one program: no warning for names from earlier cells, and a shape bug typed into a later cell appears there', async () => {
    const wb = await openWorkbench({ settings: { 'gradLens.analyzeOnType': true, 'gradLens.debounceMs': 150 } });
    await wb.openNotebook(NOTEBOOK);
    await wb.showProblemsPanel();
    await waitUntil(async () => wb.gradLensLog(), (log) => /two_layer_net\.ipynb \[open\]: [\d.]+ ms, 8 cells, 21 layers, 0 problems/.test(log), 'the analysis of the notebook on open');
    assert.deepEqual(await wb.problems(), [], 'no diagnostics: every name comes from an earlier cell');

    // The last code cell (dh ... db1): a product whose shapes do not fit, typed key by key.
    await wb.editLastCell();
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('bad = h @ W1');
    const rows = await wb.waitForProblems((r) => r.some((p) => /W1/.test(p.message) && p.severity === 'Error'), 'the shape mistake typed into the last cell');
    const bad = rows.find((p) => /W1/.test(p.message))!;
    console.log(JSON.stringify(rows), await wb.problemLabels());
    assert.match(bad.message, /h is \(8, 16\) \(line 3 of cell 4\)/);
    assert.match(bad.message, /W1 is \(20, 16\) \(line 1 of cell 3\)/);
    // Line 5 of the cell (its own numbering), where the product is.
    assert.equal(bad.line, 5);
    assert.equal(bad.column, 7);
    assert.match(await wb.statusItem(), /Grad Lens: 2[12] layers, 1 problem/);
    assert.deepEqual(wb.loggedErrors(), []);
  });

  it('Check Gradients from the last cell marks each hand-written gradient in its own cell, on its own line', async () => {
    const wb = await openWorkbench();
    await wb.openNotebook(NOTEBOOK);
    await wb.showProblemsPanel();
    await wb.editLastCell();
    await wb.runCommand('Grad Lens: Check Gradients');
    const rows = await wb.waitForProblems((r) => r.filter((p) => / is correct/.test(p.message)).length === 7, 'seven correct verdicts', 90_000);
    console.log(JSON.stringify(rows), await wb.problemLabels());
    // Lines within their cells: dscores /= N, dW2 and db2 in cell 7; dW1 and db1 in cell 8.
    const expected = { dW2: 4, db2: 5, dW1: 3, db1: 4 };
    for (const [name, line] of Object.entries(expected)) {
      const row = rows.find((p) => p.message.startsWith(`${name} is correct`));
      assert.ok(row, `a verdict on ${name}`);
      assert.equal(row.severity, 'Info');
      assert.equal(row.line, line, `the line of ${name} in its cell`);
    }
    await waitUntil(() => wb.notifications(), (n) => n.some((m) => /7 gradients checked in two_layer_net\.ipynb: 7 correct, 0 wrong/.test(m)), 'the summary notification');
    assert.match(wb.gradLensLog(), /line 3 of cell 8: ok dW1 is correct/);
    assert.deepEqual(wb.loggedErrors(), []);
  });

  it('the panel shows the layers with their cells, and a row click reveals the line in its cell', async () => {
    const wb = await openWorkbench();
    await wb.openNotebook(NOTEBOOK);
    await wb.editFirstCodeCell();
    await wb.runCommand('Grad Lens: Show Panel');
    const panel = await panelFrame(wb.page);
    const table = panel.locator('.layer-table');
    await table.waitFor({ timeout: 60_000 });
    const header = await table.locator('thead th').allInnerTexts();
    assert.deepEqual(header.slice(0, 3), ['Cell', 'Line', 'Name']);
    const row = (name: string) => table.locator('tbody tr', { has: panel.locator('td.name', { hasText: new RegExp(`^\\s*${name}\\s*$`) }) }).first();
    const cells = async (name: string) => (await row(name).locator('td').allInnerTexts()).slice(0, 2);
    assert.deepEqual(await cells('X'), ['2', '5']);
    assert.deepEqual(await cells('W1'), ['3', '1']);
    assert.deepEqual(await cells('dW1'), ['8', '3']);
    await row('dW1').click();
    await waitUntil(() => wb.cursorText(), (c) => c.startsWith('Ln 3,') && /selected/.test(c), 'the selection on line 3 of the last cell');
    assert.deepEqual(wb.loggedErrors(), []);
  });
});
