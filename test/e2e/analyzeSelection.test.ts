import assert from 'node:assert/strict';
import { openWorkbench } from './support/hooks';
import { waitUntil } from './support/wait';

describe('Grad Lens: Analyze Selection', () => {
  // Analyze-on-type off, so what shows up comes from the command alone.
  const settings = { 'gradLens.analyzeOnType': false };

  it('reports the transposed operand of seed_bug.py on line 10 in the Problems panel', async () => {
    const wb = await openWorkbench({ settings });
    await wb.openFile('seed_bug.py');
    await wb.showProblems();
    const line = wb.find('seed_bug.py', 'Z = C @ B @ A').line;
    await wb.selectLines(line, line + 1);
    await wb.runCommand('Grad Lens: Analyze Selection');
    const rows = await wb.waitForProblems((r) => r.some((p) => /matmul/.test(p.message)), 'a matmul problem');
    const matmul = rows.find((p) => /matmul/.test(p.message))!;
    assert.equal(matmul.severity, 'Error');
    assert.equal(matmul.line, line);
    assert.match(matmul.message, /1568/);
    assert.match(await wb.statusItem(), /Grad Lens: \d+ layers?, [1-9]\d* problems?/);
    assert.deepEqual(wb.loggedErrors(), []);
  });

  it('finds nothing wrong in seed.py, run from the context menu (whole file when nothing is selected)', async () => {
    const wb = await openWorkbench({ settings });
    await wb.openFile('seed.py');
    await wb.showProblems();
    await wb.contextMenu('Analyze Selection');
    // The status bar counts layers once the analysis is in: then the panel must be empty.
    await waitUntil(() => wb.statusItem(), (s) => /Grad Lens: [1-9]\d* layers, 0 problems/.test(s), 'the analysis of seed.py');
    assert.deepEqual(await wb.problems(), []);
    assert.deepEqual(wb.loggedErrors(), []);
  });
});
