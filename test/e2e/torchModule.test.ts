import assert from 'node:assert/strict';
import { openWorkbench } from './support/hooks';

describe('PyTorch modules', () => {
  it('shows a bug in forward of a module file as soon as it is opened, with nothing selected', async () => {
    const wb = await openWorkbench();
    await wb.openFile('lenet_torch_bug.py');
    await wb.showProblems();
    const rows = await wb.waitForProblems((r) => r.some((p) => /fc1 expects 256 input features/.test(p.message)), 'the fc1 problem');
    const fc1 = rows.find((p) => /fc1 expects/.test(p.message))!;
    assert.equal(fc1.severity, 'Error');
    assert.equal(fc1.line, 23);
    assert.match(fc1.message, /x is \(64, 400\)/);
    assert.deepEqual(wb.loggedErrors(), []);
  });

  it("inserts the input's shape comment the first layer implies, and the layers get their shapes", async () => {
    const wb = await openWorkbench();
    await wb.openFile('torch_module.py');
    await wb.showProblems();
    const rows = await wb.waitForProblems((r) => r.some((p) => /shape of `x` is not known/.test(p.message)), 'the unknown input');
    const unknown = rows.find((p) => /shape of `x` is not known/.test(p.message))!;
    assert.equal(unknown.line, 14);

    const actions = await wb.codeActions(unknown.line, unknown.column);
    await actions.filter({ hasText: /Declare the input's shape/ }).first().click();

    await wb.waitForProblems((r) => !r.some((p) => /shape of `x` is not known/.test(p.message)), 'the unknown input to go away');
    const lines = await wb.visibleLines();
    assert.equal(lines[14], '        # x: (N, in_features)');
    assert.deepEqual(wb.loggedErrors(), []);
  });
});
