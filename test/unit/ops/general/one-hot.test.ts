import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { deriveFromGraph } from '../../../../src/core/grad/from-graph';
import { F64_KERNELS } from '../../../../src/core/numeric/f64/kernels';
import { oneHot } from '../../../../src/core/ops/general/one-hot';
import { ints } from '../../numeric/kernel-agreement';
import { checkOpModule } from '../module-agreement';

checkOpModule(oneHot, {
  cases: [
    { name: 'a vector of labels', inputs: [ints(4, 6)], attrs: { depth: 4 } },
    { name: 'a matrix of labels, with on and off values', inputs: [ints(3, 2, 3)], attrs: { depth: 3, on_value: 0.9, off_value: 0.05 } },
  ],
  python: ['y = tensorflow.one_hot(tensorflow.argmax(X, axis=1), 4)', 'y = torch.nn.functional.one_hot(torch.argmax(X, dim=1), num_classes=4)'],
});

describe('one_hot: its values', () => {
  it('puts on_value at each label and off_value elsewhere; a label outside [0, depth) gets no on_value', () => {
    const out = F64_KERNELS.one_hot([{ shape: [3], data: Float64Array.of(2, 0, 5) }], { node: { attrs: { depth: 3 } }, shape: [3, 3] } as never);
    assert.deepEqual(out.shape, [3, 3]);
    assert.deepEqual([...out.data], [0, 0, 1, 1, 0, 0, 0, 0, 0]);
  });
});

describe('one_hot: shapes', () => {
  const py = (text: string) => analyze(`import tensorflow as tf\nimport torch\nimport torch.nn.functional as F\n${text}`, { language: 'python' });

  it('adds the class axis after the labels’ axes, a symbol included', async () => {
    const a = await py('# y: (N, T) int\nY = tf.one_hot(y, K)\nZ = F.one_hot(y, num_classes=3).float()\n');
    assert.deepEqual(a.layers.find((l) => l.name === 'Y')?.shape, ['N', 'T', 'K']);
    assert.deepEqual(a.layers.find((l) => l.name === 'Z')?.shape, ['N', 'T', 3]);
  });

  it('asks for the class count PyTorch would read from the data', async () => {
    const a = await py('y = torch.randint(0, 5, (8,))\nY = F.one_hot(y)\n');
    assert.match(a.problems.map((p) => p.message).join('\n'), /write num_classes=K/);
  });
});

describe('one_hot: Derive Gradient', () => {
  it('reads a one-hot of integer labels as a matrix whose rows sum to 1, so softmax − Y stands', async () => {
    const a = await analyze(
      `import tensorflow as tf
N, D, K = 8, 4, 3
X = tf.random.normal((N, D))
y = tf.random.uniform((N,), maxval=K, dtype=tf.int32)
W = tf.random.normal((D, K))
Y = tf.one_hot(y, K)
loss = -tf.reduce_sum(Y * tf.math.log(tf.nn.softmax(X @ W))) / N
`,
      { language: 'python' },
    );
    const r = deriveFromGraph(a.graph, 'loss', 'W');
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.gradient.text, '(Xᵀ·(softmax(X·W) − Y)) / 8');
  });
});
