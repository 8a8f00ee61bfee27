import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { resultsDir, root } from '../../scripts/paths';
import { openWorkbench } from './support/hooks';
import { panelFrame } from './support/panel';
import { waitUntil } from './support/wait';
import type { Workbench } from './support/workbench';

/** The status bar's cursor item: "Ln 11, Col 1 (13 selected)". */
async function cursor(wb: Workbench): Promise<string> {
  return (await wb.page.locator('.statusbar-item[id="status.editor.selection"]').innerText()).trim();
}

async function openPanelOnSeed(): Promise<{ wb: Workbench; panel: Frame }> {
  const wb = await openWorkbench();
  await wb.openFile('seed.py');
  await waitUntil(() => wb.statusItem(), (s) => /[1-9]\d* layers/.test(s), 'the analysis of seed.py');
  await wb.runCommand('Grad Lens: Show Panel');
  const panel = await panelFrame(wb.page);
  await panel.locator('.layer-table tbody tr').first().waitFor();
  return { wb, panel };
}

describe('Grad Lens panel', () => {
  it('shows the layers of the seed with the shape on every edge of the chain', async () => {
    const { panel } = await openPanelOnSeed();
    const edges = await panel.locator('.chain-edge-label').allTextContents();
    // C (N, 1568) → ·B (N, 1024) → ·A (N, 10); N may be known as 8 from the file.
    const at = (shape: RegExp) => edges.findIndex((e) => shape.test(e));
    const [c, cb, z] = [at(/^\((N|8), 1568\)$/), at(/^\((N|8), 1024\)$/), at(/^\((N|8), 10\)$/)];
    assert.ok(c >= 0 && c < cb && cb < z, `edges in order: ${edges.join(' | ')}`);
    const boxes = await panel.locator('.chain-node text').allTextContents();
    assert.deepEqual(boxes.slice(0, 3), ['C', '·B', '·A']);
    const zRow = panel.locator('.layer-table tbody tr', { hasText: 'matmul' }).first();
    assert.match(await zRow.innerText(), /\((N|8), 10\)/);
  });

  it('shows the symbolic batch of the seed’s PyTorch module: (N, 1568) → (N, 1024) → (N, 10)', async () => {
    const wb = await openWorkbench();
    await wb.openFile('seed_torch.py');
    await waitUntil(() => wb.statusItem(), (s) => /[1-9]\d* layers/.test(s), 'the analysis of seed_torch.py');
    await wb.runCommand('Grad Lens: Show Panel');
    const panel = await panelFrame(wb.page);
    const rows = panel.locator('.layer-table tbody tr');
    await rows.first().waitFor();
    const shapes = (await rows.allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
    const at = (op: string, shape: string) => shapes.findIndex((r) => r.includes(op) && r.includes(shape));
    const [flat, fc1, fc2] = [at('flatten', '(N, 1568)'), at('linear', '(N, 1024)'), at('linear', '(N, 10)')];
    assert.ok(flat >= 0 && flat < fc1 && fc1 < fc2, `rows in order: ${shapes.join(' | ')}`);
    assert.deepEqual(wb.loggedErrors(), []);
  });

  it('reveals and selects the code of a row on click and on Enter', async () => {
    const { wb, panel } = await openPanelOnSeed();
    const line = wb.find('seed.py', 'Z = C @ B @ A').line;
    await panel.locator('.layer-table tbody tr', { hasText: 'matmul' }).first().click();
    await waitUntil(() => cursor(wb), (c) => c.startsWith(`Ln ${line},`) && /selected/.test(c), `a selection on line ${line}`);

    const eLine = wb.find('seed.py', 'E = -np.sum').line;
    const row = panel.locator('.layer-table tbody tr', { has: panel.locator('td.name', { hasText: /^\s*E\s*$/ }) }).first();
    await row.focus();
    await wb.page.keyboard.press('Enter');
    await waitUntil(() => cursor(wb), (c) => c.startsWith(`Ln ${eLine},`), `the cursor on line ${eLine}`);
  });

  it('draws the Jacobian picture and, after a check, the verdicts', async () => {
    const { wb, panel } = await openPanelOnSeed();
    await panel.locator('.section-jacobian canvas.matrix-canvas').waitFor({ timeout: 60_000 });
    assert.match(await panel.locator('.section-jacobian dl.facts').innerText(), /row-major|column-major/);

    await wb.page.keyboard.press('Control+1'); // back to the editor: the command works on it
    await wb.runCommand('Grad Lens: Check Gradients');
    const table = panel.locator('.check-table');
    await table.waitFor({ timeout: 120_000 });
    const text = await table.innerText();
    for (const name of ['dC', 'dB', 'dA']) assert.match(text, new RegExp(`${name}[\\s\\S]*correct`), `${name} is checked`);
  });

  it('follows the theme, and keeps a picture of both for the README', async () => {
    const { wb, panel } = await openPanelOnSeed();
    // UPDATE_SCREENSHOTS=1 writes the README's pictures (media/screenshots); otherwise they go to test-results/.
    const outDir = process.env.UPDATE_SCREENSHOTS ? join(root, 'media/screenshots') : resultsDir;
    mkdirSync(outDir, { recursive: true });
    mkdirSync(resultsDir, { recursive: true });
    const themeOf = async () => ((await panel.locator('body').getAttribute('class')) ?? '').match(/vscode-(light|dark)/)?.[1];
    const first = await themeOf();
    assert.ok(first, 'the webview body carries the theme class');
    await panel.locator('.section-jacobian canvas.matrix-canvas').waitFor({ timeout: 60_000 });
    // A Kronecker structure from the product (C·B)·A is the picture worth showing.
    await panel.locator('.jacobian-table tbody tr', { hasText: '∂vec(Z) / ∂vec(CB)' }).first().click();
    await wb.focusEditor(); // from the webview, as a user would: a click into the code
    await wb.runCommand('Grad Lens: Check Gradients');
    await panel.locator('.check-table').waitFor({ timeout: 120_000 });
    await wb.startCommand('Grad Lens: Derive Gradient');
    await wb.quickPickLabels(/Differentiate E with respect to/);
    await wb.pick('C');
    await panel.locator('.section-gradients .result .katex').first().waitFor({ timeout: 60_000 });
    await wb.runCommand('Notifications: Clear All Notifications'); // the derivation's toast would cover the panel
    await waitUntil(() => wb.notifications(), (n) => n.length === 0, 'no notifications');
    const pictures = async (theme: string) => {
      await panel.locator('.section-layers').scrollIntoViewIfNeeded();
      await wb.page.screenshot({ path: join(outDir, `panel-${theme}.png`) });
      await panel.locator('.section-jacobian .jacobian-detail').scrollIntoViewIfNeeded();
      await wb.page.screenshot({ path: join(resultsDir, `panel-jacobian-${theme}.png`) });
    };
    await pictures(first);

    // Switch to the other one through the color theme picker, as a user would.
    const other = first === 'dark' ? 'light' : 'dark';
    await wb.page.keyboard.press('F1');
    await wb.page.locator('.quick-input-widget input').waitFor();
    await wb.page.keyboard.type('Preferences: Color Theme');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click();
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Modern' }).first().waitFor();
    await wb.page.keyboard.type(other === 'dark' ? 'Dark Modern' : 'Light Modern');
    await wb.page.keyboard.press('Enter');
    await waitUntil(themeOf, (t) => t === other, `the ${other} theme in the panel`);
    await wb.page.waitForTimeout(300); // the canvases repaint on the next frame
    await pictures(other);
  });

  it('comes back after a window reload', async () => {
    const { wb } = await openPanelOnSeed();
    await wb.runCommand('Developer: Reload Window');
    await wb.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    const panel = await panelFrame(wb.page);
    await panel.locator('.layer-table tbody tr').first().waitFor();
    assert.doesNotMatch(wb.gradLensLog(), /panel: dropped|\[error\]/);
  });
});
