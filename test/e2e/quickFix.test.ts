import assert from 'node:assert/strict';
import { openWorkbench } from './support/hooks';

describe('Quick fix', () => {
  it('transposes the wrong operand in seed_bug.py and the diagnostic goes away', async () => {
    const wb = await openWorkbench();
    await wb.openFile('seed_bug.py');
    await wb.showProblems();
    const rows = await wb.waitForProblems((r) => r.some((p) => /matmul/.test(p.message)), 'the matmul problem');
    const matmul = rows.find((p) => /matmul/.test(p.message))!;

    const actions = await wb.codeActions(matmul.line, matmul.column);
    const transpose = actions.filter({ hasText: /transpose/i }).first();
    await transpose.click();

    await wb.waitForProblems((r) => !r.some((p) => /matmul/.test(p.message)), 'the matmul problem to go away');
    const lines = await wb.visibleLines();
    assert.match(lines[matmul.line - 1], /C @ B\.T @ A/);
    assert.deepEqual(wb.loggedErrors(), []);
  });
});
