import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { AUTODIFF_OF } from '../../../../src/core/ir/graph';
import { NumericEnv } from '../../../../src/core/numeric/env';
import { leafValues } from '../../../../src/core/numeric/leaves';
import { lowered } from './helpers';

const tf = (body: string) => `import tensorflow as tf\n${body}`;

describe('python front end: TensorFlow 2 GradientTape', () => {
  const source = tf(`X = tf.random.normal((8, 3))
W = tf.Variable(tf.random.normal((3, 2)))
b = tf.Variable(tf.zeros((2,)))
with tf.GradientTape() as tape:
    logits = X @ W + b
    loss = tf.reduce_mean(logits ** 2)
dW, db = tape.gradient(loss, [W, b])
gW = tape.gradient(loss, W)
`);

  it('reads the block as code, and the gradients as values of their variables, marked as the tape’s', async () => {
    const lines = await lowered(source);
    assert.ok(lines.includes('logits = add(matmul(X, W), b)'), lines.join('\n'));
    assert.ok(lines.includes(`(dW, db) = (zeros_like(W, ${AUTODIFF_OF}='loss'), zeros_like(b, ${AUTODIFF_OF}='loss'))`), lines.join('\n'));
    assert.ok(lines.includes(`gW = zeros_like(W, ${AUTODIFF_OF}='loss')`), lines.join('\n'));
  });

  it('gives each gradient its variable’s shape, with no problem', async () => {
    const a = await analyze(source, { language: 'python' });
    assert.deepEqual(a.problems.map((p) => p.message), []);
    const shape = (name: string) => a.graph.nodes[a.graph.names.get(name) as number].shape;
    assert.deepEqual([shape('dW'), shape('db'), shape('gW')], [[3, 2], [2], [3, 2]]);
  });

  it('reads the gradients of a model’s trainable variables without a warning', async () => {
    const a = await analyze(tf(`from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(4, input_shape=(3,))])
X = tf.random.normal((8, 3))
with tf.GradientTape() as tape:
    loss = tf.reduce_mean(model(X) ** 2)
grads = tape.gradient(loss, model.trainable_variables)
`), { language: 'python' });
    assert.deepEqual(a.problems.filter((p) => p.severity !== 'info').map((p) => p.message), []);
  });

  it('leaves a method named gradient on anything but a tape alone', async () => {
    const lines = await lowered(tf('g = opt.gradient(loss, W)\n'));
    assert.ok(!lines[0].includes('zeros_like'), lines[0]);
  });
});

describe('python front end: tf.random.uniform with an integer dtype', () => {
  it('draws integers in [minval, maxval), as labels', async () => {
    const a = await analyze(tf('y = tf.random.uniform((200,), minval=2, maxval=7, dtype=tf.int32)\nz = tf.random.uniform((5,), maxval=3, dtype="int64")\nu = tf.random.uniform((5,))\n'), { language: 'python' });
    const node = (name: string) => a.graph.nodes[a.graph.names.get(name) as number];
    assert.deepEqual([node('y').op, node('y').dtype, node('z').op, node('u').op, node('u').dtype], ['randint', 'int', 'randint', 'rand', 'float']);
    const values = leafValues(a.graph, new NumericEnv(), [node('y').id]).get(node('y').id);
    assert.ok(values);
    const drawn = [...values.data];
    assert.ok(drawn.every((v) => Number.isInteger(v) && v >= 2 && v < 7), JSON.stringify(drawn));
    // 200 draws from 5 values: each appears.
    assert.deepEqual([...new Set(drawn)].sort(), [2, 3, 4, 5, 6]);
  });
});
