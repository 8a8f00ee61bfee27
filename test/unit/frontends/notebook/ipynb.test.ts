import { strict as assert } from 'node:assert';
import { readIpynb } from '../../../../src/core/frontends/notebook/ipynb';
import { example } from '../python/helpers';

describe('notebook front end: .ipynb files', () => {
  it('reads the cells of an example notebook with their kind, language and text', () => {
    const read = readIpynb(example('seed.ipynb'));
    assert.ok(read.ok);
    assert.deepEqual(read.cells.map((c) => `${c.kind}/${c.language}`), ['markdown/markdown', 'code/python', 'code/python', 'markdown/markdown', 'code/python']);
    assert.equal(read.cells[4].text, 'dZ = S - Y\ndC = dZ @ A.T @ B.T\ndB = C.T @ dZ @ A.T\ndA = (C @ B).T @ dZ');
  });

  it('takes the source as one string or as lines, and a cell language VS Code recorded', () => {
    const json = JSON.stringify({
      nbformat: 4,
      metadata: { language_info: { name: 'python' } },
      cells: [
        { cell_type: 'code', source: 'x = 1\n', metadata: {} },
        { cell_type: 'code', source: ['a <- 1\n', 'b <- 2'], metadata: { vscode: { languageId: 'r' } } },
        { cell_type: 'raw', source: 'raw text', metadata: {} },
      ],
    });
    const read = readIpynb(json);
    assert.ok(read.ok);
    assert.deepEqual(read.cells, [
      { kind: 'code', language: 'python', text: 'x = 1\n' },
      { kind: 'code', language: 'r', text: 'a <- 1\nb <- 2' },
      { kind: 'raw', language: 'raw', text: 'raw text' },
    ]);
  });

  it('says what is wrong with a file that is not a notebook, without throwing', () => {
    const error = (json: string) => {
      const read = readIpynb(json);
      assert.ok(!read.ok);
      return read.error;
    };
    assert.match(error('{"cells": [ {"cell_type": "code", '), /^this notebook is not valid JSON \(/);
    assert.equal(error('[1, 2]'), 'this notebook is not a JSON object');
    assert.equal(error('{"nbformat": 4, "metadata": {}}'), 'this notebook has no "cells" list');
    assert.match(error('{"nbformat": 3, "worksheets": []}'), /nbformat 3; Grad Lens reads nbformat 4/);
    assert.equal(error('{"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}]}'), 'cell 1 of this notebook has no source text');
  });
});
