import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeCommand } from '../../../src/cli/analyze';
import { parseArgs } from '../../../src/cli/args';
import { EXAMPLES } from '../frontends/python/helpers';

const run = (...argv: string[]) => analyzeCommand(parseArgs(['analyze', ...argv]), undefined);

function notebookFile(cells: { cell_type: string; source: string }[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'grad-lens-')), 'nb.ipynb');
  writeFileSync(file, JSON.stringify({ nbformat: 4, metadata: {}, cells: cells.map((c) => ({ ...c, metadata: {} })) }));
  return file;
}

describe('grad-lens analyze on a notebook', () => {
  it('gives every layer its cell (0-based among all cells) and its line within the cell', async () => {
    const r = await run(join(EXAMPLES, 'seed.ipynb'), '--json');
    assert.equal(r.exitCode, 0);
    const j = JSON.parse(r.stdout);
    const rows = j.layers.map((l: { name: string; cell: number; line: number; shape: unknown }) => `${l.cell}:${l.line} ${l.name} ${JSON.stringify(l.shape)}`);
    // Cell 0 is the question in math notation; the code cells are 1, 2 and 4.
    assert.deepEqual(rows, [
      '0:10 X ["?",10]',
      '0:11 E []',
      '1:4 C [8,1568]',
      '1:5 B [1568,1024]',
      '1:6 A [1024,10]',
      '1:7 y [8]',
      '1:8 Y [8,10]',
      '2:1 Z [8,10]',
      '2:2 Z_shift [8,10]',
      '2:3 S [8,10]',
      '2:4 E []',
      '4:1 dZ [8,10]',
      '4:2 dC [8,1568]',
      '4:3 dB [1568,1024]',
      '4:4 dA [1024,10]',
    ]);
    assert.deepEqual(j.problems, []);
  });

  it('places a problem in its cell, line and column, and a syntax error does not stop the cells after it', async () => {
    const file = notebookFile([
      { cell_type: 'code', source: 'import numpy as np\nX = np.ones((8, 20))' },
      { cell_type: 'markdown', source: 'The weights:' },
      { cell_type: 'code', source: '%time W = np.ones((16, 4))\nW = np.ones((16, 4))' },
      { cell_type: 'code', source: 'b = np.zeros((4,)\n' },
      { cell_type: 'code', source: '# forward\nh = X @ W' },
    ]);
    const r = await run(file, '--json');
    assert.equal(r.exitCode, 1);
    const problems = JSON.parse(r.stdout).problems.map((p: { code: string; cell: number; line: number; column: number; endColumn: number }) => `${p.code} ${p.cell}:${p.line}:${p.column}-${p.endColumn}`);
    assert.deepEqual(problems, ['syntax-error 3:1:1-18', 'shape-mismatch 4:2:5-10']);
  });

  it('reports a notebook that is not valid JSON as an error on the file, exit 1', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'grad-lens-')), 'broken.ipynb');
    writeFileSync(file, '{"cells": [{"cell_type": "code", "source": "x = 1"');
    const r = await run(file, '--json');
    assert.equal(r.exitCode, 1);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(j.layers, []);
    assert.equal(j.problems.length, 1);
    assert.equal(j.problems[0].severity, 'error');
    assert.match(j.problems[0].message, /^this notebook is not valid JSON/);
    assert.deepEqual([j.problems[0].line, j.problems[0].column], [1, 1]);
    const text = await run(file);
    assert.match(text.stdout, /broken\.ipynb:1:1: error \[syntax-error\] this notebook is not valid JSON/);
  });

  it('counts cells from 1 in its text output, as the messages do', async () => {
    const r = await run(join(EXAMPLES, 'two_layer_net.ipynb'));
    assert.match(r.stdout, /^cell {2}line {2}name/m);
    assert.match(r.stdout, /^8 {5}3 {5}dW1 {6}matmul/m);
  });

  it('refuses --lines on a notebook (its lines are counted per cell)', async () => {
    await assert.rejects(run(join(EXAMPLES, 'seed.ipynb'), '--lines', '1-3'), /--lines applies to a file, not to a notebook/);
  });
});

describe('grad-lens analyze --json', () => {
  it('writes a symbolic size as a string in the hint’s notation and a known one as a number', async () => {
    const r = await run(join(EXAMPLES, 'attention.py'), '--json');
    const json = JSON.parse(r.stdout) as { layers: { name: string; shape: (number | string)[] }[]; problems: { code: string; line: number }[] };
    const shape = (name: string) => json.layers.find((l) => l.name === name)?.shape;
    assert.deepEqual(shape('q'), ['B', 4, 'T', 'C//4']);
    assert.deepEqual(shape('both'), ['B', 'T', '2*C']);
    assert.deepEqual(json.problems.map((p) => [p.code, p.line]), [['shape-condition', 9]]);
    assert.equal(r.exitCode, 0, 'a condition is a warning, not an error');
  });
});
