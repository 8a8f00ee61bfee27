import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { deriveFromGraph } from '../../../../src/core/grad/from-graph';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { norm } from '../../../../src/core/ops/general/norm';
import { TestGraph } from '../../numeric/graph';
import { A, I } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(norm, {
  cases: [
    { name: 'the Frobenius norm of a matrix', inputs: [I(3, 4)] },
    { name: 'the 2-norm of a vector', inputs: [I(5)], attrs: { ord: 2 } },
    { name: 'row 1-norms of a batch', inputs: [A(2, 3, 4)], attrs: { ord: 1, axis: -1 } },
    { name: 'the max-norm over two axes, kept', inputs: [A(2, 3, 4)], attrs: { ord: Infinity, axis: [1, 2], keepdims: true } },
    { name: 'a 3-norm along the first axis', inputs: [A(3, 2, 2)], attrs: { ord: 3, axis: 0 } },
    { name: 'the 2-norm of rows, as tf.norm', inputs: [I(2, 3, 4)], attrs: { ord: 'euclidean', axis: 2 } },
  ],
  python: [
    'y = numpy.linalg.norm(X)',
    "y = numpy.linalg.norm(X, ord=numpy.inf, axis=1)",
    "y = torch.linalg.norm(X, 'fro')",
    'y = torch.linalg.vector_norm(X, ord=1)',
    'y = torch.norm(X, p=2, dim=1, keepdim=True)',
    'y = tensorflow.norm(X, axis=1)',
    'y = tensorflow.linalg.norm(X, ord=1)',
    'y = X.norm(dim=0)',
  ],
});

describe('norm: its values', () => {
  const x = { shape: [2, 2], data: Float64Array.of(3, -4, 0, 1) };
  const run = (attrs: object) => [...F64_KERNELS.norm([x], { node: { attrs: { axis: null, keepdims: false, ...attrs } } } as never).data];

  it('takes 1, 2 and ∞ norms of rows and the Frobenius norm of all', () => {
    assert.deepEqual(run({ ord: 1, axis: 1 }), [7, 1]);
    assert.deepEqual(run({ ord: 2, axis: 1 }), [5, 1]);
    assert.deepEqual(run({ ord: Infinity, axis: 1 }), [4, 1]);
    assert.deepEqual(run({ ord: -Infinity, axis: 1 }), [3, 0]);
    assert.deepEqual(run({}), [Math.sqrt(26)]);
  });
});

describe('norm: shapes and what it cannot do', () => {
  it('reduces the axes, and says which matrix norms it does not compute', async () => {
    const analysis = await analyze("import numpy as np\n# X: (N, D)\nr = np.linalg.norm(X, axis=1, keepdims=True)\ns = np.linalg.norm(X, ord=2)\nt = np.linalg.norm(X, ord='nuc')\nu = np.linalg.norm(X, ord=0.5, axis=1)\n", { language: 'python' });
    assert.deepEqual(analysis.layers.find((l) => l.name === 'r')?.shape, ['N', 1]);
    const messages = analysis.problems.map((p) => p.message);
    assert.ok(messages.some((m) => /norm of \(N, D\): the matrix norm ord=2 \(spectral/.test(m)), messages.join('; '));
    assert.ok(messages.some((m) => /the matrix norm ord=nuc/.test(m)), messages.join('; '));
    assert.ok(messages.some((m) => /ord=0.5 is not a norm Grad Lens computes/.test(m)), messages.join('; '));
  });

  it('reads tf.norm with an ord as a vector norm of all the entries', async () => {
    const analysis = await analyze('import tensorflow as tf\n# X: (N, D)\nn = tf.norm(X, ord=1)\n', { language: 'python' });
    assert.deepEqual(analysis.problems.filter((p) => p.severity === 'error'), []);
    assert.deepEqual(analysis.layers.find((l) => l.name === 'n')?.shape, []);
  });

  it('derives the Frobenius norm symbolically and says why not for the 1-norm', () => {
    const derive = (attrs: object) => {
      const t = new TestGraph();
      t.op('norm', [t.input('x0', [3, 4])], { ord: null, axis: null, keepdims: false, ...attrs }, 'E');
      return deriveFromGraph(t.graph, 'E', 'x0');
    };
    assert.ok(derive({}).ok);
    const one = derive({ ord: 1 });
    assert.ok(!one.ok && /only the 2-norm of all the entries/.test(one.error), one.ok ? 'derived' : one.error);
  });
});
