import assert from 'node:assert/strict';
import { openWorkbench } from './support/hooks';
import { waitUntil } from './support/wait';

describe('Activation', () => {
  it('stays inactive for other files, activates for Python, and logs no errors', async () => {
    const wb = await openWorkbench({ files: { 'notes.json': '{ "not": "model code" }\n' } });
    await wb.openFile('notes.json');
    const before = await wb.runningExtensions();
    assert.ok(before.size > 0, 'the running extensions view lists the built-in ones');
    assert.ok(!before.has('grad-lens'), 'Grad Lens is running already');
    assert.equal(await wb.statusItem(), '');

    await wb.openFile('seed.py');
    await waitUntil(() => wb.statusItem(), (s) => /layers/.test(s), 'the analysis on open');
    const after = await wb.runningExtensions();
    assert.match(after.get('grad-lens') ?? 'not running', /Activation: \d+ms/);

    const log = wb.gradLensLog();
    assert.match(log, /activate\(\) took/);
    assert.match(log, /seed\.py v\d+ \[open\]/);
    assert.deepEqual(wb.loggedErrors(), []);
  });
});
