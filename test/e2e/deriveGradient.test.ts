import assert from 'node:assert/strict';
import { openWorkbench } from './support/hooks';
import { panelFrame } from './support/panel';
import { waitUntil } from './support/wait';

describe('Grad Lens: Derive Gradient', () => {
  it('asks for the variable of the seed notes, derives dE/dC and shows it with Aᵀ·Bᵀ and its steps in the panel', async () => {
    const wb = await openWorkbench();
    await wb.openFile('seed.md');
    await wb.startCommand('Grad Lens: Derive Gradient');
    const labels = await wb.quickPickLabels(/Differentiate E with respect to/);
    assert.deepEqual(labels.slice(0, 4), ['C', 'B', 'A', 'Y']);
    await wb.pick('C');

    const panel = await panelFrame(wb.page, 60_000);
    const result = panel.locator('.section-gradients .result');
    await result.waitFor();
    assert.match((await result.getAttribute('aria-label')) ?? '', /^dE\/dC = .*Aᵀ·Bᵀ$/);
    assert.ok(await result.locator('.katex').count(), 'rendered with KaTeX');
    assert.match(await panel.locator('.section-gradients .status').innerText(), /verified/);
    assert.ok((await panel.locator('.section-gradients .steps li').count()) >= 3, 'the steps');
    await waitUntil(() => wb.notifications(), (n) => n.some((m) => /dE\/dC = .*Aᵀ·Bᵀ/.test(m)), 'the result in a notification');
    // Copy as LaTeX, from the notification: the editor writes the browser's clipboard.
    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(wb.page.url()).origin });
    await wb.clickNotificationButton(/dE\/dC = /, 'Copy as LaTeX');
    const clipboard = await waitUntil(() => wb.page.evaluate(() => navigator.clipboard.readText()), (t) => t.length > 0, 'the clipboard');
    assert.match(clipboard, /^\\frac\{\\partial E\}\{\\partial C\} = .*A\^\{?(T|\\top)\}?/);
    assert.match(wb.gradLensLog(), /derive seed\.md: dE\/dC = .*Aᵀ·Bᵀ/);

    // The panel's dropdown derives with respect to another input.
    const select = panel.locator('.section-gradients vscode-single-select');
    await select.click();
    await select.getByRole('option', { name: 'A', exact: true }).click();
    await waitUntil(async () => (await result.getAttribute('aria-label')) ?? '', (l) => /^dE\/dA = /.test(l), 'the derivation with respect to A');
    assert.match((await result.getAttribute('aria-label')) ?? '', /Bᵀ·Cᵀ/);

    // The panel's own Copy as NumPy: the host writes the clipboard for the webview.
    await panel.locator('.section-gradients vscode-button', { hasText: 'Copy as NumPy' }).click();
    const numpy = await waitUntil(() => wb.page.evaluate(() => navigator.clipboard.readText()), (t) => t.includes('def gradient('), 'NumPy code in the clipboard');
    assert.match(numpy, /import numpy as np/);
    assert.deepEqual(wb.loggedErrors(), []);
  });

  it('says so when there is no loss to differentiate', async () => {
    const wb = await openWorkbench();
    await wb.openFile('mnist_torch.py');
    await wb.runCommand('Grad Lens: Derive Gradient');
    await waitUntil(() => wb.notifications(), (n) => n.some((m) => /no scalar loss in mnist_torch\.py/.test(m)), 'the notification');
    assert.deepEqual(wb.loggedErrors(), []);
  });
});
