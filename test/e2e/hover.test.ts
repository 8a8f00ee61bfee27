import assert from 'node:assert/strict';
import { openWorkbench } from './support/hooks';

describe('Hover', () => {
  it('shows the shape of the name under the mouse', async () => {
    const wb = await openWorkbench();
    await wb.openFile('seed.py');
    const at = wb.find('seed.py', 'Z = C @ B @ A');
    // C is (N, 1568) with N = 8 known from the file.
    assert.match(await wb.hover(at.line, at.column + 4), /^C: \((8|N), 1568\)/);
    assert.match(await wb.hover(at.line, at.column), /^Z: \((8|N), 10\)/);
    assert.deepEqual(wb.loggedErrors(), []);
  });
});
