import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { checkGradients } from '../../../src/core/check/index';
import { deriveFromGraph } from '../../../src/core/index';

/**
 * A name the analyzed code never defines: a size in a shape (a symbol, silently), a number in
 * arithmetic (a symbol of unknown value, said once), an array elsewhere (unknown, said once).
 */
const py = (text: string) => analyze(text, { language: 'python' });
const row = (a: { layers: { name: string; shape: unknown }[] }, name: string) => a.layers.find((l) => l.name === name)?.shape;

const TRAINING_STEP = `import numpy as np
W = np.random.randn(D, 10) * 0.01
# X: (N, D)
scores = X @ W
loss = np.sum(scores ** 2) / N + 0.5 * reg * np.sum(W * W)
dscores = 2 * scores / N
dW = X.T @ dscores + reg * W
W -= lr * dW
`;

describe('trace: names the code does not define', () => {
  it('reads a number defined elsewhere (reg, lr) as a number of unknown value, says so once per name, and keeps every shape', async () => {
    const a = await py(TRAINING_STEP);
    const said = a.problems.filter((p) => p.code === 'undefined-name');
    assert.deepEqual(
      said.map((p) => [p.severity, TRAINING_STEP.slice(p.span.start, p.span.end)]),
      [
        ['info', 'reg'],
        ['info', 'lr'],
      ],
      'N and D are sizes of the shapes, not undefined; reg is said once though used twice',
    );
    assert.match(said[0].message, /`reg` is not defined in the analyzed code: read as a number of unknown value/);
    assert.deepEqual(row(a, 'loss'), []);
    assert.deepEqual(row(a, 'W'), ['D', 10]);
    assert.ok(!a.problems.some((p) => p.severity === 'error'));
  });

  it('so the loss is found and the hand-written gradients are checked', async () => {
    const r = await checkGradients(TRAINING_STEP, { language: 'python' });
    assert.equal(r.loss, 'loss');
    assert.deepEqual(
      r.gradients.map((g) => [g.name, g.verdict]),
      [
        ['dscores', 'correct'],
        ['dW', 'correct'],
      ],
    );
    const wrong = await checkGradients(TRAINING_STEP.replace('+ reg * W', '+ 2 * reg * W'), { language: 'python' });
    assert.deepEqual(
      wrong.gradients.map((g) => [g.name, g.verdict]),
      [
        ['dscores', 'correct'],
        ['dW', 'wrong'],
      ],
    );
  });

  it('derives with such a number kept as a symbol, verified, and the NumPy code takes it as a parameter', async () => {
    const a = await py('import numpy as np\nW = np.random.randn(5, 10) * 0.01\n# X: (N, 5)\nscores = X @ W\nloss = np.sum(scores ** 2) / N + 0.5 * reg * np.sum(W * W)\n');
    const d = deriveFromGraph(a.graph, 'loss', 'W');
    assert.ok(d.ok, d.ok ? '' : d.error);
    assert.equal(d.gradient.text, 'reg·W + 2·Xᵀ·X·W / N');
    assert.match(d.gradient.numpy, /def gradient\(X, W, reg\):/);
  });

  it('an array defined nowhere makes what is computed from it unknown, said once, and the check says that is why it found no loss', async () => {
    const text = TRAINING_STEP.replace('# X: (N, D)\n', '');
    const a = await py(text);
    const said = a.problems.filter((p) => p.code === 'undefined-name');
    assert.deepEqual(
      said.map((p) => [p.severity, text.slice(p.span.start, p.span.end)]),
      [
        ['warning', 'X'],
        ['info', 'N'],
        ['info', 'reg'],
        ['info', 'lr'],
      ],
    );
    assert.match(said[0].message, /`X` is not defined in the analyzed code, so the shapes computed from it are unknown; declare its shape with a comment such as `# X: \(N, 10\)`/);
    assert.equal(row(a, 'scores'), null);
    assert.deepEqual(row(a, 'W'), ['D', 10], 'W is known, and stays known after the update');
    const r = await checkGradients(text, { language: 'python' });
    const none = r.problems.find((p) => p.code === 'no-loss');
    assert.ok(none);
    assert.match(none.message, /the shapes are unknown from line 3: `X` is not defined/);
  });

  it('a size written in a shape is a symbol, with no problem, and the same name in arithmetic is that size', async () => {
    const a = await py('import numpy as np\nx = np.zeros((N, D))\nm = np.sum(x) / N\n');
    assert.deepEqual(a.problems, []);
    assert.deepEqual(row(a, 'x'), ['N', 'D']);
    assert.deepEqual(row(a, 'm'), []);
  });
});
