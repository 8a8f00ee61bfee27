import assert from 'node:assert/strict';
import { openWorkbench } from './support/hooks';
import { waitUntil } from './support/wait';

/** The visible line that starts with `code`, hint text included (inlay hints render inside the line). */
const lineStarting = (lines: string[], code: string) => lines.find((l) => l.trimStart().startsWith(code)) ?? '';

describe('Inlay hints', () => {
  it('show each assignment’s shape at the end of its line in attention.py, symbolic sizes kept, with where they came from on hover', async () => {
    const wb = await openWorkbench();
    await wb.openFile('attention.py');
    const lines = await waitUntil(() => wb.visibleLines(), (l) => /\(B, 4, T, C\/\/4\)\s*$/.test(lineStarting(l, 'q = x.view')), 'the hint on the q line');
    assert.match(lineStarting(lines, 'both = torch.cat'), /\(B, T, 2·C\)\s*$/);
    assert.match(lineStarting(lines, 'att = torch.softmax'), /\(B, 4, T, T\)\s*$/);
    // A line that assigns no tensor (B, T, C = x.shape gives numbers) has no hint.
    assert.equal(lineStarting(lines, 'B, T, C = x.shape').trim(), 'B, T, C = x.shape');

    // The hint is the innermost element of its line holding its text.
    const box = await wb.page.locator('.view-line').evaluateAll((lines, label) => {
      for (const line of lines) {
        // Spaces render as no-break spaces. (No named helper here: this runs in the page, where
        // the test runner's transpiler helpers do not exist.)
        const inner = [...line.querySelectorAll('span')].filter(
          (s) => (s.textContent ?? '').replace(/\u00a0/g, ' ').includes(label) && ![...s.children].some((c) => (c.textContent ?? '').replace(/\u00a0/g, ' ').includes(label)),
        );
        const r = inner[0]?.getBoundingClientRect();
        if (r) return { x: r.x, y: r.y, width: r.width, height: r.height };
      }
      return null;
    }, '(B, T, 2·C)');
    assert.ok(box, 'the hint is on screen');
    await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tooltip = wb.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover.workbench-hover .hover-contents').first();
    const text = await waitUntil(async () => (await tooltip.innerText()).trim(), (t) => /2·C/.test(t) && /annotation of x/.test(t), 'the hint’s tooltip');
    assert.match(text, /computed from C — the annotation of x \(line 7\)/);
    assert.deepEqual(wb.loggedErrors(), []);
  });

  it('follow typing in two_layer_net.py', async () => {
    const wb = await openWorkbench({ settings: { 'gradLens.analyzeOnType': true, 'gradLens.debounceMs': 150 } });
    await wb.openFile('two_layer_net.py');
    await waitUntil(() => wb.visibleLines(), (l) => /\(8, 16\)\s*$/.test(lineStarting(l, 'h = np.maximum')), 'the hint on the h line');

    // N = 8 becomes N = 32: every hint that counts samples follows.
    const at = wb.find('two_layer_net.py', 'N, D, H, K = 8');
    await wb.typeOver({ line: at.line, column: at.column + 'N, D, H, K = '.length }, 1, '32');
    const lines = await waitUntil(() => wb.visibleLines(), (l) => /\(32, 16\)\s*$/.test(lineStarting(l, 'h = np.maximum')), 'the hint to follow the edit');
    assert.match(lineStarting(lines, 'scores = h @ W2'), /\(32, 5\)\s*$/);
    assert.match(lineStarting(lines, 'X = np.random.randn'), /\(32, 20\)\s*$/);
    assert.deepEqual(wb.loggedErrors(), []);
  });

  it('are not shown when gradLens.inlayHints is off', async () => {
    const wb = await openWorkbench({ settings: { 'gradLens.inlayHints': false } });
    await wb.openFile('two_layer_net.py');
    await waitUntil(() => wb.statusItem(), (s) => /[1-9]\d* layers/.test(s), 'the analysis on open');
    // Give a provider that would answer the time to: hover shows shapes, so the analysis is there.
    const at = wb.find('two_layer_net.py', 'h = np.maximum');
    assert.match(await wb.hover(at.line, at.column), /^h: \(8, 16\)/);
    const lines = await wb.visibleLines();
    assert.equal(lineStarting(lines, 'h = np.maximum').trim(), 'h = np.maximum(0, hpre)');
    assert.deepEqual(wb.loggedErrors(), []);
  });

  it('show in a notebook’s cells, from its cells analysed as one program', async () => {
    const wb = await openWorkbench();
    await wb.openNotebook('two_layer_net.ipynb');
    // Every cell editor's lines (a notebook has one editor per cell).
    const cellLines = () => wb.page.locator('.notebook-editor .code-cell-row .view-line').evaluateAll((els) => els.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')));
    const lines = await waitUntil(cellLines, (l) => /\(8, 16\)\s*$/.test(lineStarting(l, 'h = np.maximum')), 'the hint on the h line of cell 3');
    // W2 comes from cell 2, X from cell 1: known because the cells are one program.
    assert.match(lineStarting(lines, 'scores = h @ W2'), /\(8, 5\)\s*$/);
    assert.match(lineStarting(lines, 'hpre = X @ W1'), /\(8, 16\)\s*$/);
    assert.deepEqual(wb.loggedErrors(), []);
  });
});
