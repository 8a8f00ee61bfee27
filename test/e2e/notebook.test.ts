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
    assert.match(await wb.hoverInCell('X = np.random.randn(N, D)'), /X: \(8, 20\)/);

    // The last code cell (dh ... db1): a product whose shapes do not fit, typed key by key.
    await wb.editLastCell();
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('bad = h @ W1');
    const rows = await wb.waitForProblems((r) => r.some((p) => /W1/.test(p.message) && p.severity === 'Error'), 'the shape mistake typed into the last cell');
    const bad = rows.find((p) => /W1/.test(p.message))!;
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
    const rows = await wb.waitForProblems((r) => r.filter((p) => / is correct/.test(p.message)).length === 6, 'six correct verdicts (dh judged once, where its value is final)', 90_000);
    // Lines within their cells: dscores /= N, dW2 and db2 in cell 7; dW1 and db1 in cell 8.
    const expected = { dW2: 4, db2: 5, dW1: 3, db1: 4 };
    for (const [name, line] of Object.entries(expected)) {
      const row = rows.find((p) => p.message.startsWith(`${name} is correct`));
      assert.ok(row, `a verdict on ${name}`);
      assert.equal(row.severity, 'Info');
      assert.equal(row.line, line, `the line of ${name} in its cell`);
    }
    await waitUntil(() => wb.notifications(), (n) => n.some((m) => /6 gradients checked in two_layer_net\.ipynb: 6 correct, 0 wrong/.test(m)), 'the summary notification');
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
    // A notebook's status bar names the cell (it has no line and column item): the last one, with dW1's line selected in its editor.
    await waitUntil(() => wb.notebookCellStatus(), (s) => s === 'Cell 8 of 8', 'the last cell in view');
    const focused = wb.page.locator('.notebook-editor .code-cell-row .monaco-editor.focused');
    await waitUntil(() => focused.locator('.selected-text').count(), (n) => n > 0, 'a selection in the cell');
    // The editor draws spaces as no-break spaces.
    assert.match((await focused.locator('.view-lines').innerText()).replace(/\u00a0/g, ' '), /dW1 = X\.T @ dh/);
    assert.deepEqual(wb.loggedErrors(), []);
  });

  it('Derive Gradient from a cell of seed.ipynb differentiates the loss its code cells compute', async () => {
    const wb = await openWorkbench();
    await wb.openNotebook('seed.ipynb');
    await wb.editFirstCodeCell();
    await wb.startCommand('Grad Lens: Derive Gradient');
    const labels = await wb.quickPickLabels(/Differentiate E with respect to/);
    assert.deepEqual(labels.slice(0, 3), ['C', 'B', 'A']);
    await wb.pick('C');
    const panel = await panelFrame(wb.page, 60_000);
    const result = panel.locator('.section-gradients .result');
    await result.waitFor();
    // The code builds Y one-hot, so the derivation may use that its rows sum to 1.
    assert.match((await result.getAttribute('aria-label')) ?? '', /^dE\/dC = .*Aᵀ·Bᵀ$/);
    assert.match(await panel.locator('.section-gradients .status').innerText(), /verified/);
    assert.match(wb.gradLensLog(), /derive seed\.ipynb: dE\/dC = /);
    assert.deepEqual(wb.loggedErrors(), []);
  });
});
