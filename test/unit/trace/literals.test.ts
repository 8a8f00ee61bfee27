import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { checkGradients } from '../../../src/core/check/index';
import type { Graph } from '../../../src/core/ir/graph';
import { NumericEnv } from '../../../src/core/numeric/env';
import { F64Evaluator } from '../../../src/core/numeric/f64/evaluate';
import { leafValues } from '../../../src/core/numeric/leaves';
import type { F64Tensor } from '../../../src/core/numeric/tensor';

/** Array literals: `np.array`, `torch.tensor`, `tf.constant` of nested lists, with their shapes and their values. */
const py = (text: string) => analyze(text, { language: 'python' });
const row = (a: { layers: { name: string; shape: unknown }[] }, name: string) => a.layers.find((l) => l.name === name)?.shape;

function valueOf(graph: Graph, name: string, bindings: Record<string, number> = {}): F64Tensor {
  const env = new NumericEnv({ bindings });
  const leaves = graph.nodes.filter((n) => n.inputs.length === 0).map((n) => n.id);
  const id = graph.names.get(name) as number;
  return new F64Evaluator(graph, env, leafValues(graph, env, leaves)).run([id]).values.get(id) as F64Tensor;
}

describe('trace: array literals', () => {
  it('reads the shape and dtype of nested lists of ints, floats, negatives and exponents', async () => {
    const a = await py(
      'import numpy as np\nimport torch\nimport tensorflow as tf\n' +
        'a = np.array([[2.0], [1.0]])\nb = np.array([1, 2, 3])\nc = np.array([[-1e-3, 2], [3, 4.5]])\n' +
        't = torch.tensor([[1., 2.], [3., 4.]])\nk = tf.constant([[1, 2], [3, 4]], dtype=tf.float32)\nm = np.array([True, False])\n' +
        'z = np.array(3.0)\nv = tf.Variable([0.5, 0.5])\nf = np.array([1, 2], dtype=np.float64)\n',
    );
    assert.deepEqual(a.problems, []);
    const expected: Record<string, [number[], string]> = {
      a: [[2, 1], 'float'],
      b: [[3], 'int'],
      c: [[2, 2], 'float'],
      t: [[2, 2], 'float'],
      k: [[2, 2], 'float'],
      m: [[2], 'bool'],
      z: [[], 'float'],
      v: [[2], 'float'],
      f: [[2], 'float'],
    };
    for (const [name, [shape, dtype]] of Object.entries(expected)) {
      assert.deepEqual(row(a, name), shape, name);
      assert.equal(a.graph.nodes[a.graph.names.get(name) as number].dtype, dtype, name);
    }
  });

  it('holds the values written, so the float64 evaluation is exact', async () => {
    const a = await py('import numpy as np\nX = np.array([[1.0, 2.0], [3.0, -1.0]])\nw = np.array([[0.5], [-0.25]])\ns = X @ w\nl = np.sum(s * s)\n');
    assert.deepEqual([...valueOf(a.graph, 'X').data], [1, 2, 3, -1]);
    assert.deepEqual([...valueOf(a.graph, 's').data], [0, 1.75]);
    assert.equal(valueOf(a.graph, 'l').data[0], 1.75 * 1.75);
  });

  it('a literal of sizes takes their values when the check runs', async () => {
    const a = await analyze('import numpy as np\n# X: (N, D)\nsizes = np.array([X.shape[0], 3])\n', { language: 'python', dims: { N: 5 } });
    assert.deepEqual(row(a, 'sizes'), [2]);
    assert.deepEqual([...valueOf(a.graph, 'sizes', a.bindings).data], [5, 3]);
  });

  it('a ragged list is one error on its call, and what depends on it is unknown without more errors', async () => {
    const text = 'import numpy as np\nd = np.array([[1, 2], [3]])\ne = d @ d\nf = torch.tensor([[1, 2], 3])\n';
    const a = await py(text);
    const errors = a.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 2, JSON.stringify(a.problems));
    assert.match(errors[0].message, /np\.array: the list is ragged \(item 1 is a list of 1 and item 0 is a list of 2\)/);
    assert.equal(text.slice(errors[0].span.start, errors[0].span.end), 'np.array([[1, 2], [3]])');
    assert.match(errors[1].message, /item 1 is a number and item 0 is a list of 2/);
    assert.equal(row(a, 'e'), null);
  });

  it('stacks a list of tensors, hands a tensor through, and reads a list held by a name', async () => {
    const a = await py('import numpy as np\nx = np.random.randn(3, 4)\ns = np.array([x, x])\nt = np.asarray(x)\nys = [0, 2, 1]\ny = np.array(ys)\n');
    assert.deepEqual(a.problems, []);
    assert.deepEqual(row(a, 's'), [2, 3, 4]);
    assert.deepEqual(row(a, 't'), [3, 4]);
    assert.deepEqual(row(a, 'y'), [3]);
    assert.deepEqual([...valueOf(a.graph, 'y').data], [0, 2, 1]);
  });

  it('a shape mistake against a literal is reported with its shape', async () => {
    const a = await py('import numpy as np\nW = np.array([[1.0, 2.0, 3.0]])\nx = np.array([[1.0], [2.0]])\nh = W @ x\n');
    const [error] = a.problems;
    assert.match(error.message, /inner dimensions differ \(3 vs 2\) — W is \(1, 3\) \(line 2\), x is \(2, 1\) \(line 3\)/);
  });

  it('a gradient checked on literal data is exact (float64 and TensorFlow.js start from the same values)', async () => {
    const text = 'import numpy as np\nX = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.25]])\nW = np.array([[0.5, -0.25], [0.75, 1.0]])\nscores = X @ W\nloss = np.sum(scores ** 2)\ndW = 2 * X.T @ scores\n';
    const r = await checkGradients(text, { language: 'python' });
    assert.deepEqual(
      r.gradients.map((g) => [g.name, g.verdict]),
      [['dW', 'correct']],
    );
    const wrong = await checkGradients(text.replace('dW = 2 *', 'dW = 3 *'), { language: 'python' });
    assert.deepEqual(
      wrong.gradients.map((g) => [g.name, g.verdict]),
      [['dW', 'wrong']],
    );
  });
});
