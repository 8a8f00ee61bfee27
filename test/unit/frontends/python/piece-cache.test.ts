import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { loadPythonParser } from '../../../../src/core/frontends/python/parser';
import { PieceCache } from '../../../../src/core/frontends/python/piece-cache';
import { repairIncompleteLines } from '../../../../src/core/frontends/python/syntax';
import { type PyNode, readTree } from '../../../../src/core/frontends/python/tree';

/** A block of model code with its own names: a function, a class, a loop. */
const block = (i: number) => `def relu_${i}(x):
    return np.maximum(0, x)

class Net_${i}(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        return self.fc(x)

W_${i} = np.random.randn(784, 10)
b2_${i} = np.zeros(10)
h_${i} = relu_${i}(X @ W_${i} + b2_${i})
for n in range(2):
    row_${i} = h_${i}[n]
`;

/** A file of several pieces (PIECE_CHARS apart), with a syntax error in one of them. */
const TEXT = `import numpy as np\nimport torch.nn as nn\nN = 64\nX = np.random.randn(N, 784)\n${Array.from({ length: 60 }, (_, i) => block(i)).join('')}`.replace('h_3 = relu_3(X @ W_3 + b2_3)', 'h_3 = relu_3(X @ W_3 + b2_3)\nw_3 = [1 2]');

function read(text: string, cache?: PieceCache) {
  const repaired = repairIncompleteLines(text);
  return loadPythonParser().then((py) => readTree(py, repaired.text, { cuts: repaired.cuts, skips: repaired.skips, cache }));
}

describe('python front end: pieces read before are reused', () => {
  it('a second reading of the same text hands out the same trees, and they equal a reading from scratch', async () => {
    assert.ok(repairIncompleteLines(TEXT).cuts.length >= 2, 'three pieces or more');
    const cache = new PieceCache();
    const first = await read(TEXT, cache);
    const second = await read(TEXT, cache);
    assert.ok(first.root.children.length > 100);
    assert.equal(second.root.children.length, first.root.children.length);
    assert.ok(second.root.children.every((s, i) => s === first.root.children[i]), 'the same objects');
    const fresh = await read(TEXT);
    assert.deepEqual(second.root.children, fresh.root.children);
    assert.deepEqual(second.errors, fresh.errors);
    assert.ok(fresh.errors.length > 0);
  });

  it('after an edit near the top, the pieces below are reused at their new offsets; a piece twice in a file is read twice', async () => {
    const cache = new PieceCache();
    const before = await read(TEXT, cache);
    const edited = TEXT.replace('N = 64\n', 'N = 64  # a longer line now\n');
    const after = await read(edited, cache);
    const fresh = await read(edited);
    assert.deepEqual(after.root.children, fresh.root.children);
    assert.deepEqual(after.errors, fresh.errors);
    const last = (r: { root: PyNode }) => r.root.children[r.root.children.length - 1];
    assert.equal(last(after), last(before), 'the last piece was not read again');
    // The same text as two pieces of one file: each at its own place.
    const twice = `${edited}${edited}`;
    const both = await read(twice, cache);
    assert.deepEqual(both.root.children, (await read(twice)).root.children);
  });

  it('an analysis after a keystroke gives what a cold analysis gives', async () => {
    await analyze(TEXT, { language: 'python' });
    const edited = TEXT.replace('b2_40 = np.zeros(10)', 'b2_40 = np.zeros(11)');
    assert.notEqual(edited, TEXT);
    const warm = await analyze(edited, { language: 'python' });
    const cold = await analyze(edited, { language: 'python', reusePieces: false });
    assert.deepEqual(warm.layers, cold.layers);
    assert.deepEqual(warm.problems, cold.problems);
    assert.ok(warm.problems.some((p) => p.severity === 'error' && /11/.test(p.message)), 'the (N, 10) + (11,) mistake is found');
  });
});
