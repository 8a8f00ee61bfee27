// The Note section's payload from the core's view of a note: valid, located in the note's lines, or null for code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { analyzeNotebook } from '../../../src/core/frontends/notebook/index';
import { noteView } from '../../../src/core/index';
import { toNotePayload } from '../../../src/host/panel/payloads';
import { notePayload } from '../../../src/protocol/messages';
import { validate } from '../../../src/protocol/schema';

const SEED = readFileSync(join(__dirname, '../../../examples/seed_question.md'), 'utf8');
const doc = (name: string, languageId: string) => ({ uri: `file:///work/${name}`, name, version: 1, languageId });

describe('protocol: the Note payload', () => {
  it('carries the seed answer, each line at its place in the note', async () => {
    const a = await analyze(SEED, { language: 'math' });
    const payload = toNotePayload([{ view: noteView(a), lines: a.lines, cell: null }], doc('seed_question.md', 'markdown'));
    assert.ok(payload);
    assert.ok(validate(notePayload, JSON.parse(JSON.stringify(payload))).ok);
    const final = payload.derivation[payload.derivation.length - 1];
    assert.deepEqual([final.states, final.range.line, final.range.cell], ['∂E/∂c', 42, null]);
    assert.deepEqual(payload.derivation.slice(0, 2).map((d) => d.range.line), [40, 40]);
    assert.deepEqual(payload.claims, [{ loss: 'E', wrt: 'C' }]);
  });

  it('is null for code, and places a markdown cell’s lines in their cell', async () => {
    const code = await analyze('import numpy as np\nW = np.zeros((3, 4))\n', { language: 'python' });
    assert.equal(toNotePayload([{ view: noteView(code), lines: code.lines, cell: null }], doc('w.py', 'python')), null);
    const nb = await analyzeNotebook(
      [
        { kind: 'code', language: 'python', text: 'import numpy as np\n' },
        { kind: 'markdown', language: 'markdown', text: 'Let $X: N \\times 3$ and $W: 3 \\times 2$.\n\n$$Z = X W$$\n$$E = \\sum Z$$\n$$\\frac{\\partial E}{\\partial W} = X^T \\mathbf{1}$$\n' },
      ],
      {},
    );
    const payload = toNotePayload(nb.notes.map((n) => ({ view: noteView(n.analysis), lines: n.analysis.lines, cell: n.cell })), doc('n.ipynb', 'jupyter-notebook'));
    assert.ok(payload);
    assert.deepEqual(payload.equations.map((e) => [e.name, e.range.cell, e.range.line]), [['Z', 1, 3], ['E', 1, 4]]);
    assert.deepEqual(payload.derivation.map((d) => [d.states, d.range.cell, d.range.line]), [['∂E/∂W', 1, 5]]);
  });
});
