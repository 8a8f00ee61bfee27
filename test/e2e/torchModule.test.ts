import assert from 'node:assert/strict';
import { openWorkbench } from './support/hooks';
import { waitUntil } from './support/wait';

describe('PyTorch modules', () => {
  it('shows a bug in forward of a module file as soon as it is opened, with nothing selected', async () => {
    const wb = await openWorkbench();
    await wb.openFile('cifar_torch_bug.py');
    await wb.showProblems();
    const rows = await wb.waitForProblems((r) => r.some((p) => /head expects 3136 input features/.test(p.message)), 'the head problem');
    const head = rows.find((p) => /head expects/.test(p.message))!;
    assert.equal(head.severity, 'Error');
    assert.equal(head.line, 18);
    assert.match(head.message, /h is \(16, 4096\) \(line 17\) with 4096 \(64·8·8 = 4096\)/);
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
    // The inlay hints of the version before the fix may stay on screen until the new ones arrive.
    const lines = await waitUntil(() => wb.visibleLines(), (l) => /^\s*h = .*\(N, 256\)\s*$/.test(l[15] ?? ''), 'the hint of h to carry the declared batch');
    assert.equal(lines[14], '        # x: (N, in_features)');
    assert.deepEqual(wb.loggedErrors(), []);
  });
});
