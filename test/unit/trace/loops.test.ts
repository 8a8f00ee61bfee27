import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';

/** `for` loops over range(...): unrolled within gradLens.loopBudget, summarised beyond it, one report per cause. */
const py = (text: string, loopBudget?: number) => analyze(text, { language: 'python', loopBudget });
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

const NAIVE_SVM = [
  'import numpy as np',
  'N, D, C = 6, 5, 3',
  'X = np.random.randn(N, D)',
  'W = np.random.randn(D, C)',
  'y = np.random.randint(C, size=N)',
  'dW = np.zeros(W.shape)',
  'loss = 0.0',
  'for i in range(N):',
  '    scores = X[i].dot(W)',
  '    correct = scores[y[i]]',
  '    for j in range(C):',
  '        margin = scores[j] - correct + 1',
  '        loss += margin',
  '        dW[:, j] += X[i]',
  'loss /= N',
  '',
].join('\n');

describe('trace: loops', () => {
  it('unrolls the per-sample loops of a naive SVM loss', async () => {
    const a = await py(NAIVE_SVM);
    assert.deepEqual(a.problems, []);
    assert.deepEqual(a.layers.find((l) => l.name === 'scores')?.shape, [3]);
    assert.deepEqual(a.layers.find((l) => l.name === 'dW')?.shape, [5, 3]);
    // One matmul node per unrolled sample.
    assert.equal(a.graph.nodes.filter((n) => n.op === 'matmul').length, 6);
  });

  it('traces a loop longer than the loop budget once, says so once, and the budget is a setting', async () => {
    const short = await py(NAIVE_SVM, 4);
    const bounded = short.problems.filter((p) => p.code === 'loop-bound');
    assert.equal(bounded.length, 1);
    assert.equal(lineOf(NAIVE_SVM, bounded[0].span.start), 8);
    assert.match(bounded[0].message, /This loop runs 6 times; .*bounded at 4 per loop, gradLens\.loopBudget/);
    assert.equal(short.graph.nodes.filter((n) => n.op === 'matmul').length, 1);
  });

  it('gives a mistake inside a loop one problem, not one per iteration', async () => {
    const text = NAIVE_SVM.replace('dW[:, j] += X[i]', 'dW[:, j] += X');
    const a = await py(text);
    const errors = a.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1);
    assert.equal(lineOf(text, errors[0].span.start), 14);
  });

  it('hits the budgets on huge and nested bounds instead of hanging', async () => {
    const huge = await py('import numpy as np\nx = np.zeros(3)\nfor i in range(10**12):\n    for j in range(10**9):\n        x = x + 1\n');
    assert.equal(huge.problems.filter((p) => p.code === 'loop-bound').length, 2);
  });
});

describe('trace: loops over lists and list comprehensions', () => {
  it('unrolls a loop over a list of arrays, each item in turn', async () => {
    const text = ['import numpy as np', 'x = np.ones((4, 3))', 'Ws = [np.ones((3, 5)), np.ones((5, 2))]', 'for W in Ws:', '    x = x @ W', 'y = x', ''].join('\n');
    const a = await py(text);
    assert.deepEqual(a.problems, []);
    assert.deepEqual(a.layers.find((l) => l.name === 'y')?.shape, [4, 2]);
  });

  it('builds a list by a comprehension over a range, and says once when its length is beyond the budget', async () => {
    const text = ['import numpy as np', 'x = np.ones((4, 3))', 'rows = [x[i] * 2 for i in range(4)]', 'stacked = np.stack(rows)', ''].join('\n');
    const a = await py(text);
    assert.deepEqual(a.problems, []);
    assert.deepEqual(a.layers.find((l) => l.name === 'stacked')?.shape, [4, 3]);
    const long = await py(text, 2);
    assert.equal(long.problems.length, 1);
    assert.equal(long.problems[0].code, 'loop-bound');
    assert.equal(long.layers.find((l) => l.name === 'stacked')?.shape, null);
  });
});

describe('trace: what loops walk over (reversed, enumerate, zip, stepped ranges, lists built with append)', () => {
  const shapes = async (text: string) => {
    const a = await py(text);
    // The layer table has a row per line; each iteration's product is a node of the graph.
    const products = a.graph.nodes.filter((n) => n.op === 'matmul').map((n) => JSON.stringify(n.shape));
    return { problems: a.problems.map((p) => p.message), layers: a.layers.map((l) => `${l.name} ${JSON.stringify(l.shape)}`), products };
  };

  it('reversed(range(T)) walks the steps backwards, indexing a list built with append', async () => {
    const a = await shapes(
      ['import numpy as np', 'hs = []', 'for t in range(3):', '    hs.append(np.zeros((t + 1, 2)))', 'order = []', 'for t in reversed(range(3)):', '    order.append(hs[t])', 'last = order[0]', 'first = order[2]'].join('\n'),
    );
    assert.deepEqual(a.problems, []);
    // hs[2] is the (3, 2) one: reversed, it comes first.
    assert.ok(a.layers.includes('last [3,2]'), a.layers.join('; '));
    assert.ok(a.layers.includes('first [1,2]'), a.layers.join('; '));
  });

  it('enumerate pairs each item with its index, from start', async () => {
    const a = await shapes(['import numpy as np', 'Ws = [np.zeros((4, 5)), np.zeros((5, 6))]', 'for i, W in enumerate(Ws, 1):', '    z = np.zeros((i, W.shape[0])) @ W'].join('\n'));
    assert.deepEqual(a.problems, []);
    assert.deepEqual(a.products, ['[1,5]', '[2,6]']);
  });

  it('zip walks lists side by side, as far as the shorter goes', async () => {
    const a = await shapes(['import numpy as np', 'xs = [np.zeros((2, 3)), np.zeros((4, 3)), np.zeros((5, 3))]', 'ws = [np.zeros((3, 7)), np.zeros((3, 8))]', 'for x, w in zip(xs, ws):', '    y = x @ w'].join('\n'));
    assert.deepEqual(a.problems, []);
    assert.deepEqual(a.products, ['[2,7]', '[4,8]']);
  });

  it('range with a step walks every step-th number, and extend adds a list at once', async () => {
    const a = await shapes(['import numpy as np', 'xs = []', 'for k in range(1, 7, 2):', '    xs.append(np.zeros((k,)))', 'xs.extend([np.zeros((9,))])', 'n = len(xs)', 'a = xs[2]', 'b = xs[3]'].join('\n'));
    assert.deepEqual(a.problems, []);
    assert.ok(a.layers.includes('a [5]') && a.layers.includes('b [9]'), a.layers.join('; '));
  });

  it('list(...) and tuple(...) keep the items they are given: a copy of a list, the reversed steps, a comprehension', async () => {
    const a = await shapes(['import numpy as np', 'xs = [np.zeros((2, 3)), np.zeros((2, 3))]', 'ys = list(reversed(xs))', 'zs = tuple(x * 2 for x in xs)', 'a = np.stack(list(xs))', 'b = np.stack(zs)', 'c = ys[1] @ np.zeros((3, 4))'].join('\n'));
    assert.deepEqual(a.problems, []);
    assert.ok(a.layers.includes('a [2,2,3]') && a.layers.includes('b [2,2,3]') && a.layers.includes('c [2,4]'), a.layers.join('; '));
  });
});
