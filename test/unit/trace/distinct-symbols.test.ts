import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';

/** Two different symbols are two sizes unless something makes them one: a note's `N = D`, the dims setting, one name. */
const NOTE = 'Let $w \\in \\mathbb{R}^{D}$ and $X \\in \\mathbb{R}^{N \\times D}$.\n\n$$ s = w\'*X $$\n';
const PYTHON = 'import numpy as np\n# X: (N, D)\n# w: (D, 1)\ns = w.T @ X\n';

const errors = <P extends { severity: string }>(a: { problems: P[] }) => a.problems.filter((p) => p.severity === 'error');

describe('trace: different symbols are different sizes', () => {
  it("reports w'*X in a note on its line, D against N, and says how to make them one", async () => {
    const a = await analyze(NOTE, { language: 'math' });
    const found = errors(a);
    assert.equal(found.length, 1, JSON.stringify(a.problems));
    assert.match(found[0].message, /inner dimensions differ \(D vs N\) — w' is \(1, D\), X is \(N, D\)/);
    assert.match(found[0].message, /D and N are different symbols.*write `D = N` in the note/);
    assert.equal(a.lines.lineOf(a.problems[0].span.start), 3);
  });

  it('a note that says N = D, or N and D given the same value, makes them one size', async () => {
    const equal = await analyze(NOTE.replace('.\n', ', where $N = D$.\n'), { language: 'math' });
    assert.deepEqual(equal.problems, []);
    assert.deepEqual(equal.layers.find((l) => l.name === 's')?.shape, [1, 'D']);
    const valued = await analyze(`${NOTE}\nwith $N = 5$ and $D = 5$.\n`, { language: 'math' });
    assert.deepEqual(valued.problems, []);
    assert.deepEqual(valued.bindings, { N: 5, D: 5 });
    const dims = await analyze(NOTE, { language: 'math', dims: { N: 4, D: 4 } });
    assert.deepEqual(errors(dims), []);
    const different = await analyze(NOTE, { language: 'math', dims: { N: 4, D: 3 } });
    assert.match(errors(different)[0].message, /inner dimensions differ \(D vs N\)/);
    assert.doesNotMatch(errors(different)[0].message, /different symbols/, 'D = 3 and N = 4 differ as numbers');
  });

  it('a note that gives N two values reports the second', async () => {
    const a = await analyze(`${NOTE}\nwith $N = 5$ and $D = 6$ and $N = D$.\n`, { language: 'math' });
    const conflict = a.problems.filter((p) => p.code === 'symbol-conflict');
    assert.equal(conflict.length, 1, JSON.stringify(a.problems));
    assert.match(conflict[0].message, /N = D = 6 here, but N is 5/);
  });

  it('the same in Python with shape comments, and one name for both fits', async () => {
    const a = await analyze(PYTHON, { language: 'python' });
    const found = errors(a);
    assert.equal(found.length, 1, JSON.stringify(a.problems));
    assert.match(found[0].message, /inner dimensions differ \(D vs N\).*use one name for both/);
    assert.equal(a.lines.lineOf(found[0].span.start), 4);
    const fits = await analyze(PYTHON.replace('(N, D)', '(D, D)'), { language: 'python' });
    assert.deepEqual(fits.problems, []);
  });

  it('the unknown batch size None agrees with any symbol', async () => {
    const a = await analyze('import numpy as np\n# X: (None, D)\n# W: (N, K)\nh = X.T @ W\n', { language: 'python' });
    assert.deepEqual(errors(a), []);
    assert.deepEqual(a.layers.find((l) => l.name === 'h')?.shape, ['D', 'K']);
  });

  it('broadcasting two different symbols against each other is a mismatch', async () => {
    const a = await analyze('import numpy as np\n# a: (N, 3)\n# b: (M, 3)\nc = a + b\n', { language: 'python' });
    assert.equal(errors(a).length, 1, JSON.stringify(a.problems));
    assert.match(errors(a)[0].message, /M and N are different symbols|N and M are different symbols/);
  });
});

describe('trace: one cause, one diagnostic', () => {
  it('two different symbols that meet inside a loop are one problem, not one per iteration', async () => {
    const text = 'import numpy as np\n# X: (N, D)\n# w: (D, 1)\nfor i in range(5):\n    s = w.T @ X\n';
    const a = await analyze(text, { language: 'python' });
    assert.equal(a.problems.length, 1, JSON.stringify(a.problems.map((p) => p.message)));
    assert.equal(a.lines.lineOf(a.problems[0].span.start), 5);
  });

  it('a shape spread from an unknown tensor inside a loop stays unknown and gives no problem per iteration', async () => {
    const text = 'import numpy as np\nfor i in range(5):\n    out = foo(x)\n    d = np.random.randn(*out.shape)\n    e = d + np.ones((3, 4))\n';
    const a = await analyze(text, { language: 'python' });
    assert.deepEqual(
      a.problems.map((p) => p.code),
      ['unsupported-op'],
    );
    assert.equal(a.layers.find((l) => l.name === 'd')?.shape, null);
  });
});

describe("trace: a function's own symbols are per call", () => {
  const LAYER = 'import torch\nfrom torch import Tensor\nfrom jaxtyping import Float\n\ndef layer(x: Float[Tensor, "b d"], w: Float[Tensor, "d k"]):\n    return x @ w\n\n';

  it('its declared symbols take the sizes each call gives, symbols or numbers, with no false problem', async () => {
    const a = await analyze(`${LAYER}# X: (N, D)\n# W: (D, K)\nout = layer(X, W)\nh = layer(torch.randn(8, 784), torch.randn(784, 128))\no = layer(h, torch.randn(128, 10))\n`, { language: 'python' });
    assert.deepEqual(a.problems, []);
    assert.deepEqual(a.layers.find((l) => l.name === 'out')?.shape, ['N', 'K']);
    assert.deepEqual(a.layers.find((l) => l.name === 'o')?.shape, [8, 10]);
  });

  it('within one call a symbol is one size: two arguments that disagree on d are reported', async () => {
    const a = await analyze(`${LAYER}h = layer(torch.randn(8, 128), torch.randn(64, 10))\n`, { language: 'python' });
    const declared = a.problems.find((p) => /w is declared \(d, k\) but is \(64, 10\)/.test(p.message));
    assert.ok(declared, JSON.stringify(a.problems.map((p) => p.message)));
    assert.match(declared.related[0].message, /in the call of layer on line 8/);
  });
});
