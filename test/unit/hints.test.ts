import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { hintTooltip, shapeHints } from '../../src/core/hints';

describe('shape hints', () => {
  it('one per line that assigns a tensor, at the line the assignment ends on, in the editor’s notation', async () => {
    const text = readFileSync(join(__dirname, '../../examples/attention.py'), 'utf8');
    const hints = shapeHints(await analyze(text, { language: 'python' }));
    const lines = text.split('\n');
    const at = (code: string) => hints.find((h) => lines[h.line - 1].trimStart().startsWith(code))?.label;
    assert.equal(at('q = '), '(B, 4, T, C//4)');
    assert.equal(at('att = '), '(B, 4, T, T)');
    assert.equal(at('both = '), '(B, T, 2·C)');
    assert.equal(at('B, T, C = x.shape'), undefined, 'numbers, not a tensor');
  });

  it('says where each dimension came from', async () => {
    const text = readFileSync(join(__dirname, '../../examples/attention.py'), 'utf8');
    const analysis = await analyze(text, { language: 'python' });
    const hint = shapeHints(analysis).find((h) => h.label === '(B, T, 2·C)');
    assert.ok(hint);
    const tooltip = hintTooltip(hint, analysis);
    assert.match(tooltip, /^`both`: `\(B, T, 2·C\)` — concat of x \(B, T, C\), y \(B, T, C\)/);
    assert.match(tooltip, /- `B`: from the annotation of x \(line 7\)/);
    assert.match(tooltip, /- `2·C`: computed from C — the annotation of x \(line 7\)/);
  });

  it('nothing for an unknown shape; names when a line assigns several; the known value of a symbol', async () => {
    const text = 'import numpy as np\nX = np.random.randn(N, 4)\nZ = foo(X)\na = X; b = X.T\nN = 8\n';
    const analysis = await analyze(text, { language: 'python', dims: { N: 8 } });
    const hints = shapeHints(analysis);
    assert.deepEqual(hints.map((h) => [h.line, h.label]), [[2, '(N, 4)'], [4, 'a: (N, 4), b: (4, N)']]);
    assert.match(hintTooltip(hints[0], analysis), /- `N`: from a size written in the code \(line 2\), N = 8/);
    assert.equal(shapeHints(analysis), hints, 'cached per analysis');
  });
});
