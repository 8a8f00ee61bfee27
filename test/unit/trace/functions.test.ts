import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { checkGradients } from '../../../src/core/check/index';
import { CALL_BUDGET, MAX_CALL_DEPTH } from '../../../src/core/trace/tracer';

/** User functions followed at their call sites: arguments bound, results unpacked, one report per cause. */
const LAYERS = readFileSync(join(__dirname, '../../../examples/cs231n_layers.py'), 'utf8');

const py = (text: string) => analyze(text, { language: 'python' });
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
/** The shape of the first layer-table row for a name, as the table prints it. */
async function shapes(text: string): Promise<Record<string, string>> {
  const a = await py(text);
  const out: Record<string, string> = {};
  for (const l of a.layers) if (!(l.name in out)) out[l.name] = l.shape ? `(${l.shape.join(', ')})` : 'unknown';
  return out;
}

describe('trace: user functions', () => {
  it('follows a CS231n layers file: arguments bound at each call, tuples and caches unpacked, shapes on the lines inside', async () => {
    const a = await py(LAYERS);
    assert.deepEqual(a.problems, []);
    const row = (name: string, line: number) => a.layers.find((l) => l.name === name && l.line === line);
    // `out` inside affine_forward, first reached from the call for the first layer: (N, H).
    assert.deepEqual(row('out', 5)?.shape, [8, 30]);
    assert.deepEqual(row('a1', 50)?.shape, [8, 30]);
    assert.deepEqual(row('scores', 52)?.shape, [8, 10]);
    assert.deepEqual(row('dW2', 55)?.shape, [30, 10]);
    assert.deepEqual(row('dX', 57)?.shape, [8, 20]);
    assert.deepEqual(row('loss', 53)?.shape, []);
  });

  it('checks every hand-written gradient computed through the functions, and names a wrong one', async () => {
    const right = await checkGradients(LAYERS, { language: 'python' });
    assert.deepEqual(right.gradients.map((g) => `${g.name}:${g.verdict}`).sort(), ['dW1:correct', 'dW2:correct', 'dX:correct', 'da1:correct', 'db1:correct', 'db2:correct', 'dh1:correct', 'dscores:correct']);
    const wrong = await checkGradients(LAYERS.replace('    db = np.sum(dout, axis=0)', '    db = np.sum(dout, axis=0) * 2'), { language: 'python' });
    const db2 = wrong.gradients.find((g) => g.name === 'db2');
    assert.equal(db2?.verdict, 'wrong');
    assert.equal(db2?.mistake, 'scaled');
    assert.ok(db2?.factor !== null && Math.abs((db2?.factor ?? 0) - 0.5) < 1e-3);
    assert.equal(wrong.gradients.find((g) => g.name === 'dW2')?.verdict, 'correct');
  });

  it('reports a mistake inside a function on its line there, saying which call reached it', async () => {
    const text = LAYERS.replace('dx = dout.dot(w.T).reshape(x.shape)', 'dx = dout.dot(w).reshape(x.shape)');
    const a = await py(text);
    const errors = a.problems.filter((p) => p.severity === 'error');
    // Two calls with different shapes: each its own message, each on the line in affine_backward.
    assert.equal(errors.length, 2);
    for (const e of errors) assert.equal(lineOf(text, e.span.start), 12);
    assert.match(errors[0].message, /matmul: inner dimensions differ \(10 vs 30\)/);
    assert.deepEqual(errors.map((e) => e.related.filter((r) => /in the call of affine_backward/.test(r.message)).map((r) => lineOf(text, r.span.start))), [[55], [57]]);
  });

  it('gives the same mistake from two calls one problem that names both calls', async () => {
    const text = ['import numpy as np', 'def layer(x, w):', '    return x @ w', 'W = np.random.randn(5, 3)', 'a = layer(np.random.randn(4, 6), W)', 'b = layer(np.random.randn(4, 6), W)', ''].join('\n');
    const a = await py(text);
    assert.equal(a.problems.length, 1);
    const [p] = a.problems;
    assert.equal(lineOf(text, p.span.start), 3);
    assert.deepEqual(p.related.filter((r) => /in the call of layer/.test(r.message)).map((r) => lineOf(text, r.span.start)), [5, 6]);
  });

  it('binds keyword arguments and uses default values for the ones left out', async () => {
    const text = ['import numpy as np', 'def pool(x, axis=0, keepdims=False):', '    return x.sum(axis=axis, keepdims=keepdims)', 'X = np.random.randn(4, 6)', 'a = pool(X)', 'b = pool(X, axis=1)', 'c = pool(X, keepdims=True)', ''].join('\n');
    const s = await shapes(text);
    assert.equal(s.a, '(6)');
    assert.equal(s.b, '(4)');
    assert.equal(s.c, '(1, 6)');
  });

  it('ends a call at an early return it can decide (`y is None`), and follows the rest otherwise', async () => {
    const text = [
      'import numpy as np',
      'def loss(X, W, y=None):',
      '    scores = X @ W',
      '    if y is None:',
      '        return scores',
      '    data_loss = np.mean(scores[np.arange(X.shape[0]), y])',
      '    return data_loss',
      'X = np.random.randn(8, 5)',
      'W = np.random.randn(5, 3)',
      'y = np.random.randint(3, size=8)',
      's = loss(X, W)',
      'l = loss(X, W, y)',
      '',
    ].join('\n');
    const s = await shapes(text);
    assert.equal(s.s, '(8, 3)');
    assert.equal(s.l, '()');
  });

  it('traces a function nobody calls on its own, its parameters as declared', async () => {
    const text = ['def forward(x, W):', '    # x: (N, 784)', '    # W: (784, 10)', '    h = x @ W', '    return h', ''].join('\n');
    const s = await shapes(text);
    assert.equal(s.h, '(N, 10)');
  });

  it('stops recursion at the call depth and fan-out at the call budget, with one warning each, and never hangs', async () => {
    const deep = await py(['import numpy as np', 'def f(x):', '    return f(x @ np.eye(3))', 'y = f(np.random.randn(2, 3))', ''].join('\n'));
    const depth = deep.problems.filter((p) => p.code === 'loop-bound');
    assert.equal(depth.length, 1);
    assert.match(depth[0].message, new RegExp(`nested more than ${MAX_CALL_DEPTH} deep`));
    const mutual = await py(['def f(x):', '    return g(x)', 'def g(x):', '    return f(x)', 'y = f(1)', ''].join('\n'));
    assert.equal(mutual.problems.filter((p) => p.code === 'loop-bound').length, 1);
    const fan = await py(['def f(x):', '    a = f(x)', '    b = f(x)', '    return f(x)', 'y = f(1)', ''].join('\n'));
    const budget = fan.problems.filter((p) => p.code === 'loop-bound' && p.message.includes(`at most ${CALL_BUDGET} calls`));
    assert.equal(budget.length, 1, 'the budget is said once, not once per call it cuts');
  });

  it('checks the gradients a CS231n-style class computes in its loss method, called as net.loss(X, y)', async () => {
    const text = readFileSync(join(__dirname, '../../fixtures/models/two_layer_net_class.py'), 'utf8');
    const a = await py(text);
    assert.deepEqual(a.problems, []);
    const r = await checkGradients(text, { language: 'python' });
    const verdicts = Object.fromEntries(r.gradients.map((g) => [g.name, g.verdict]));
    for (const name of ["grads['W1']", "grads['b1']", "grads['W2']", "grads['b2']"]) assert.equal(verdicts[name], 'correct', name);
    const wrong = await checkGradients(text.replace("grads['W2'] = h.T.dot(dscores)", "grads['W2'] = h.T.dot(dscores) * 2"), { language: 'python' });
    assert.equal(wrong.gradients.find((g) => g.name === "grads['W2']")?.verdict, 'wrong');
  });

  it('still reports a call of a name it does not know', async () => {
    const a = await py('y = my_softmax(z)\n');
    assert.ok(a.problems.some((p) => p.code === 'unsupported-op' && p.message.includes('`my_softmax`')));
  });
});
