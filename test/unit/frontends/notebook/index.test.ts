import { strict as assert } from 'node:assert';
import type { Analysis } from '../../../../src/core/analysis';
import { analyzeNotebook, type NotebookCell } from '../../../../src/core/frontends/notebook/index';
import { CellLineIndex } from '../../../../src/core/ir/cells';
import { formatShape } from '../../../../src/core/shapes/dim';

const code = (text: string, language = 'python'): NotebookCell => ({ kind: 'code', language, text });
const markdown = (text: string): NotebookCell => ({ kind: 'markdown', language: 'markdown', text });

/** The code analysis and its cell-aware line index. */
async function analyzed(cells: NotebookCell[]): Promise<{ analysis: Analysis; lines: CellLineIndex }> {
  const result = await analyzeNotebook(cells, {});
  assert.ok(result.code, 'the notebook has code cells');
  assert.ok(result.code.analysis.lines instanceof CellLineIndex);
  return { analysis: result.code.analysis, lines: result.code.analysis.lines };
}

/** `name (cell, line) shape` for every layer: where each is in its own cell. */
function layers({ analysis, lines }: { analysis: Analysis; lines: CellLineIndex }): string[] {
  return analysis.layers.map((l) => {
    const at = lines.cellPosition(l.span.start);
    return `${l.name} (${at.cell}, ${at.line}) ${formatShape(l.shape)}`;
  });
}

function problems({ analysis, lines }: { analysis: Analysis; lines: CellLineIndex }): string[] {
  return analysis.problems.map((p) => {
    const at = lines.cellSpan(p.span);
    return `${p.code} cell ${at.cell} "${cellsText[at.cell]?.slice(at.start, at.end) ?? ''}": ${p.message}`;
  });
}
let cellsText: string[] = [];

async function run(cells: NotebookCell[]) {
  cellsText = cells.map((c) => c.text);
  return analyzed(cells);
}

describe('notebook front end: the code cells as one program', () => {
  it('knows names from earlier cells and places every layer in its own cell and line', async () => {
    const result = await run([
      code('import numpy as np\nX = np.random.randn(8, 20)\nW1 = np.random.randn(20, 16)'),
      markdown('Some prose between the cells.'),
      code('h = X @ W1\n\nout = h.T'),
    ]);
    assert.deepEqual(problems(result), []);
    assert.deepEqual(layers(result), ['X (0, 2) (8, 20)', 'W1 (0, 3) (20, 16)', 'h (2, 1) (8, 16)', 'out (2, 3) (16, 8)']);
  });

  it('runs the cells in notebook order: a name defined in a later cell is unknown before it', async () => {
    const result = await run([code('h = X @ W'), code('import numpy as np\nX = np.ones((2, 3))\nW = np.ones((3, 4))')]);
    assert.deepEqual(
      problems(result).map((p) => p.split(':')[0]),
      ['undefined-name cell 0 "X"', 'undefined-name cell 0 "W"'],
    );
  });

  it('reports a shape mistake in its cell, with related information in the cell its operand came from', async () => {
    const result = await run([code('import numpy as np\nX = np.ones((8, 20))'), code('W = np.ones((16, 4))'), code('# the forward pass\nh = X @ W')]);
    assert.equal(result.analysis.problems.length, 1);
    const [p] = result.analysis.problems;
    assert.deepEqual(result.lines.cellPosition(p.span.start), { cell: 2, line: 2, column: 5 });
    assert.match(p.message, /X is \(8, 20\) \(line 2 of cell 1\)/);
    assert.match(p.message, /W is \(16, 4\) \(line 1 of cell 2\)/);
    const related = p.related.map((r) => result.lines.cellSpan(r.span)).map((s) => `${s.cell}: ${cellsText[s.cell].slice(s.start, s.end)}`);
    assert.deepEqual(related.sort(), ['0: X = np.ones((8, 20))', '1: W = np.ones((16, 4))']);
  });

  it('says which call a mistake inside a function comes from in the cell of that call', async () => {
    const result = await run([code('import numpy as np\ndef layer(x, w):\n    return x @ w'), code('X = np.ones((8, 4))\nW = np.ones((5, 3))\nh = layer(X, W)')]);
    const [p] = result.analysis.problems;
    assert.deepEqual(result.lines.cellPosition(p.span.start), { cell: 0, line: 3, column: 12 });
    assert.ok(p.related.some((r) => r.message === 'in the call of layer on line 3 of cell 2'), JSON.stringify(p.related.map((r) => r.message)));
  });

  it('reports a syntax error in its cell and still reads the cells after it, where what it would have defined is unknown', async () => {
    const result = await run([code('import numpy as np\nX = np.ones((8, 20))'), code('W = np.ones((20, 4)'), code('print(X)\nh = X @ np.ones((20, 3))\nout = h @ W')]);
    assert.deepEqual(
      problems(result).map((p) => p.split(':')[0]),
      ['syntax-error cell 1 "W = np.ones((20, 4)"', 'undefined-name cell 2 "W"'],
    );
    assert.deepEqual(layers(result).slice(0, 2), ['X (0, 2) (8, 20)', 'h (2, 2) (8, 3)']);
  });

  it('keeps an unclosed string inside its cell', async () => {
    const result = await run([code('s = """never closed\nX = 1'), code('import numpy as np\nY = np.ones((2, 3))')]);
    assert.deepEqual(layers(result).slice(-1), ['Y (1, 2) (2, 3)']);
    assert.ok(problems(result).every((p) => p.includes('cell 0')), problems(result).join('\n'));
  });

  it('skips magics and shell escapes silently, and cells of other languages and raw cells', async () => {
    const result = await run([
      code('!pip install numpy\nimport numpy as np\n%matplotlib inline\nX = np.ones((8, 20))'),
      code('X = 1 <- 2', 'r'),
      { kind: 'raw', language: 'raw', text: 'X = not python at all (' },
      code('%%time\nh = X.T'),
      code('%%bash\nls -l $HOME'),
    ]);
    assert.deepEqual(problems(result), []);
    assert.deepEqual(layers(result), ['X (0, 4) (8, 20)', 'h (3, 2) (20, 8)']);
  });

  it('reads markdown cells as notes in math notation, each on its own', async () => {
    const result = await analyzeNotebook(
      [
        markdown('# Notes\n\nA: 1024 x 10\nB: 1568 x 1024\nC: ? x 1568\n\nX = softmax(C*B*A)'),
        code('x = 1'),
        markdown('Only prose here.'),
        markdown('Z = A*B'),
      ],
      {},
    );
    assert.deepEqual(
      result.notes.map((n) => ({ cell: n.cell, layers: n.analysis.layers.map((l) => `${l.name} ${formatShape(l.shape)}`), problems: n.analysis.problems.map((p) => p.code) })),
      [
        { cell: 0, layers: ['X (?, 10)'], problems: [] },
        // A and B of cell 0 are not known here: a note is read on its own.
        { cell: 3, layers: ['Z (unknown)'], problems: ['undefined-name', 'undefined-name'] },
      ],
    );
  });

  it('has no code analysis for a notebook without Python cells', async () => {
    const result = await analyzeNotebook([markdown('prose'), code('x <- 1', 'r')], {});
    assert.equal(result.code, null);
  });
});
