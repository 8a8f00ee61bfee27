// Softmax and cross-entropy as people write them, read off the traced graph of real code.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import type { Graph, NodeId } from '../../../src/core/ir/graph';
import { crossEntropyAt, labelGather, logSoftmaxAt, shiftOf, softmaxAt } from '../../../src/core/ir/patterns';

const HEAD = ['import numpy as np', 'from scipy.special import logsumexp', 'N = 8', 'Z = np.random.randn(N, 10)', 'W = np.random.randn(N, 10)', 'y = np.random.randint(0, 10, size=N)', 'Y = np.eye(10)[y]'];

async function graphOf(...lines: string[]): Promise<{ graph: Graph; id: (name: string) => NodeId; op: (id: NodeId) => string }> {
  const a = await analyze([...HEAD, ...lines].join('\n'), { language: 'python' });
  const errors = a.problems.filter((p) => p.severity === 'error');
  assert.deepEqual(errors, [], errors.map((p) => p.message).join('\n'));
  const id = (name: string) => {
    const n = a.graph.names.get(name);
    assert.ok(n !== undefined, `no value named ${name}`);
    return n;
  };
  return { graph: a.graph, id, op: (n) => a.graph.nodes[n].op };
}

describe('ir: softmax written out', function () {
  this.timeout(60_000);

  const spellings: [string, string[], 'max' | 'logsumexp' | null][] = [
    ['exp(Z − max) / sum(exp, axis=1, keepdims)', ['e = np.exp(Z - Z.max(axis=1, keepdims=True))', 'S = e / e.sum(axis=1, keepdims=True)'], 'max'],
    ['exp(Z) / np.sum(exp(Z)) with exp written twice', ['S = np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)'], null],
    ['the shift written twice', ['S = np.exp(Z - np.max(Z, axis=-1, keepdims=True)) / np.sum(np.exp(Z - np.max(Z, axis=-1, keepdims=True)), axis=-1, keepdims=True)'], 'max'],
    ['exp(Z − logsumexp) / sum', ['e = np.exp(Z - logsumexp(Z, axis=1, keepdims=True))', 'S = e / e.sum(axis=1, keepdims=True)'], 'logsumexp'],
    ['exp(Z − logsumexp) alone', ['S = np.exp(Z - logsumexp(Z, axis=1, keepdims=True))'], 'logsumexp'],
  ];
  for (const [what, lines, shift] of spellings) {
    it(`${what}: softmax of Z over its rows`, async () => {
      const { graph, id } = await graphOf(...lines);
      const p = softmaxAt(graph, id('S'));
      assert.ok(p);
      assert.equal(p.scores, id('Z'));
      assert.deepEqual(p.axes, [1]);
      assert.equal(p.shift, shift);
      assert.equal(p.parts[p.parts.length - 1], id('S'));
    });
  }

  it('a vector, shifted by its max: over all of it', async () => {
    const { graph, id } = await graphOf('x = np.random.randn(10)', 's = np.exp(x - np.max(x)) / np.sum(np.exp(x - np.max(x)))');
    const p = softmaxAt(graph, id('s'));
    assert.deepEqual(p && { scores: p.scores, axes: p.axes, shift: p.shift }, { scores: id('x'), axes: null, shift: 'max' });
  });

  it('over the columns: axis 0', async () => {
    const { graph, id } = await graphOf('S = np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True)');
    assert.deepEqual(softmaxAt(graph, id('S'))?.axes, [0]);
  });

  it('not a softmax: a denominator that is not the numerator, or that does not broadcast back row by row', async () => {
    const { graph, id } = await graphOf('A = np.exp(Z) / np.sum(np.exp(W), axis=1, keepdims=True)', 'B = np.exp(Z) / np.sum(np.exp(Z), axis=1)[:, None]', 'C = np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True) + 1');
    assert.equal(softmaxAt(graph, id('A')), null);
    assert.equal(softmaxAt(graph, id('B')), null);
    assert.equal(softmaxAt(graph, id('C')), null);
  });

  it('a shift by another matrix or along other axes is no shift: the scores are what exp is taken of', async () => {
    const { graph, id } = await graphOf('U = Z - W.max(axis=1, keepdims=True)', 'S = np.exp(U) / np.exp(U).sum(axis=1, keepdims=True)', 'V = Z - Z.max(axis=0, keepdims=True)', 'T = np.exp(V) / np.exp(V).sum(axis=1, keepdims=True)');
    assert.equal(shiftOf(graph, id('U')), null);
    const p = softmaxAt(graph, id('S'));
    assert.deepEqual(p && { scores: p.scores, axes: p.axes, shift: p.shift }, { scores: id('U'), axes: [1], shift: null });
    assert.deepEqual(shiftOf(graph, id('V')), { scores: id('Z'), by: 'max', axes: [0] });
    assert.equal(softmaxAt(graph, id('T'))?.shift, null);
    assert.equal(softmaxAt(graph, id('T'))?.scores, id('V'));
  });

  it('Z − logsumexp(Z) is a log-softmax; Z − max(Z) is not', async () => {
    const { graph, id } = await graphOf('L = Z - logsumexp(Z, axis=1, keepdims=True)', 'M = Z - Z.max(axis=1, keepdims=True)');
    assert.deepEqual(logSoftmaxAt(graph, id('L')), { scores: id('Z'), axes: [1] });
    assert.equal(logSoftmaxAt(graph, id('M')), null);
  });
});

describe('ir: cross-entropy written out', function () {
  this.timeout(60_000);
  const SOFTMAX = 'S = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)';

  const spellings: [string, string, 'one-hot' | 'index', 'sum' | 'mean', 'probabilities' | 'log-probabilities'][] = [
    ['-sum(Y * log(S))', 'E = -np.sum(Y * np.log(S))', 'one-hot', 'sum', 'probabilities'],
    ['sum(-Y * log(S + eps))', 'E = np.sum(-Y * np.log(S + 1e-12))', 'one-hot', 'sum', 'probabilities'],
    ['-sum(log(S) * Y) / N', 'E = -np.sum(np.log(S) * Y) / N', 'one-hot', 'mean', 'probabilities'],
    ['-mean(sum(Y * log(S), axis=1))', 'E = -np.mean(np.sum(Y * np.log(S), axis=1))', 'one-hot', 'mean', 'probabilities'],
    ['-(Y * log S).sum(axis=1).mean()', 'E = -(Y * np.log(S)).sum(axis=1).mean()', 'one-hot', 'mean', 'probabilities'],
    ['-log(S[arange(N), y]).mean()', 'E = -np.log(S[np.arange(N), y]).mean()', 'index', 'mean', 'probabilities'],
    ['mean(-log(S[range(N), y]))', 'E = np.mean(-np.log(S[range(N), y]))', 'index', 'mean', 'probabilities'],
    ['-sum(log(S[arange(N), y])) / N', 'E = -np.sum(np.log(S[np.arange(N), y])) / N', 'index', 'mean', 'probabilities'],
    ['-sum(log(S)[arange(N), y])', 'E = -np.sum(np.log(S)[np.arange(N), y])', 'index', 'sum', 'probabilities'],
  ];
  for (const [what, line, labels, reduction, input] of spellings) {
    it(`${what}: ${reduction} over ${labels} labels`, async () => {
      const { graph, id } = await graphOf(SOFTMAX, line);
      const p = crossEntropyAt(graph, id('E'));
      assert.ok(p);
      assert.deepEqual(p.input, { kind: input, node: id('S') });
      assert.deepEqual(p.labels, { kind: labels, node: id(labels === 'index' ? 'y' : 'Y') });
      assert.equal(p.reduction, reduction);
      assert.equal(p.parts[p.parts.length - 1], id('E'));
      assert.ok(!p.parts.includes(id('S')), 'the softmax is not part of the loss');
    });
  }

  it('-sum(Y * (Z − logsumexp(Z))): over log-probabilities', async () => {
    const { graph, id } = await graphOf('L = Z - logsumexp(Z, axis=1, keepdims=True)', 'E = -np.sum(Y * L)');
    assert.deepEqual(crossEntropyAt(graph, id('E'))?.input, { kind: 'log-probabilities', node: id('L') });
  });

  it('not a cross-entropy: no minus, no log, no reduction, no labels', async () => {
    const { graph, id } = await graphOf(SOFTMAX, 'A = np.sum(Y * np.log(S))', 'B = -np.sum(Y * S)', 'C = -Y * np.log(S)', 'D = -np.sum(np.log(S))', 'F = -np.sum(np.log(S[0, y]))');
    for (const name of ['A', 'B', 'C', 'D', 'F']) assert.equal(crossEntropyAt(graph, id(name)), null, name);
  });

  it('P[arange(N), y] picks each row at its label', async () => {
    const { graph, id } = await graphOf(SOFTMAX, 'p = S[np.arange(N), y]', 'q = S[:, 0]');
    assert.deepEqual(labelGather(graph, id('p')), { source: id('S'), labels: id('y') });
    assert.equal(labelGather(graph, id('q')), null);
  });
});
