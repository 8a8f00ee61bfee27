import assert from 'node:assert/strict';
import { openWorkbench } from './support/hooks';
import { waitUntil } from './support/wait';

describe('Analyze on type', () => {
  it('shows a Linear size mistake typed into mnist_torch.py by itself, and clears it when fixed', async () => {
    const wb = await openWorkbench({ settings: { 'gradLens.analyzeOnType': true, 'gradLens.debounceMs': 150 } });
    await wb.openFile('mnist_torch.py');
    await wb.showProblems();
    await waitUntil(() => wb.statusItem(), (s) => /[1-9]\d* layers, 0 problems/.test(s), 'the analysis on open');

    const at = wb.find('mnist_torch.py', '9216');
    await wb.typeOver(at, 4, '9215');
    const rows = await wb.waitForProblems((r) => r.some((p) => /9215/.test(p.message)), 'a diagnostic about 9215 inputs');
    assert.equal(rows.find((p) => /9215/.test(p.message))!.severity, 'Error');

    await wb.typeOver(at, 4, '9216');
    await wb.waitForProblems((r) => r.length === 0, 'the diagnostic to go away');
    assert.deepEqual(wb.loggedErrors(), []);
  });
});
