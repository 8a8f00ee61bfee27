import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { resultsDir } from '../../scripts/paths';
import { openWorkbench } from './support/hooks';
import { waitUntil } from './support/wait';
import type { Workbench } from './support/workbench';

/**
 * The panel in the real editor. A webview lives two iframes deep; its document is the one
 * whose <main id="app"> is labelled "Grad Lens" (see src/host/panel/html.ts).
 */
async function panelFrame(page: Page): Promise<Frame> {
  const found = await waitUntil(
    async () => {
      for (const frame of page.frames()) {
        if (await frame.locator('main#app[aria-label="Grad Lens"]').count().catch(() => 0)) return frame;
      }
      return null;
    },
    (f) => f !== null,
    'the Grad Lens panel',
  );
  return found!;
}

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
    mkdirSync(resultsDir, { recursive: true });
    const themeOf = async () => ((await panel.locator('body').getAttribute('class')) ?? '').match(/vscode-(light|dark)/)?.[1];
    const first = await themeOf();
    assert.ok(first, 'the webview body carries the theme class');
    await panel.locator('.section-jacobian canvas.matrix-canvas').waitFor({ timeout: 60_000 });
    const pictures = async (theme: string) => {
      await panel.locator('.section-layers').scrollIntoViewIfNeeded();
      await wb.page.screenshot({ path: join(resultsDir, `panel-${theme}.png`) });
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
