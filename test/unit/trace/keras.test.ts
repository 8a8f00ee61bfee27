import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';

/** Keras models as written: Sequential lists, model.add, the functional API, subclassed Models. */
const MODEL = readFileSync(join(__dirname, '../../../examples/keras_model.py'), 'utf8');

const py = (text: string) => analyze(text, { language: 'python' });
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
const shapeOf = (a: Awaited<ReturnType<typeof py>>, name: string) => a.layers.find((l) => l.name === name)?.shape;

describe('trace: Keras models', () => {
  it('reads every layer of a Sequential list and of model.add from the input shape, batch None, and the functional API and a subclassed Model', async () => {
    const a = await py(MODEL);
    assert.deepEqual(a.problems, []);
    assert.deepEqual(shapeOf(a, 'sequential.conv2d'), ['?', 26, 26, 32]);
    assert.deepEqual(shapeOf(a, 'sequential.flatten'), ['?', 5408]);
    assert.deepEqual(shapeOf(a, 'sequential.dense_1'), ['?', 10]);
    assert.deepEqual(shapeOf(a, 'added.batch_normalization'), ['?', 256]);
    assert.deepEqual(shapeOf(a, 'added.dense_3'), ['?', 10]);
    assert.deepEqual(shapeOf(a, 'merged'), ['?', 32, 32, 32]);
    assert.deepEqual(shapeOf(a, 'pooled'), ['?', 32]);
    assert.deepEqual(shapeOf(a, 'scores'), [16, 10]);
    // Each layer's row is on its own line.
    assert.equal(a.layers.find((l) => l.name === 'sequential.dense')?.line, 12);
  });

  it('reports a bad layer on its own line in the list', async () => {
    const text = MODEL.replace("layers.Dense(256, activation='relu'))", "layers.Reshape((16, 15)))");
    const a = await py(text);
    assert.equal(a.problems.length, 1);
    assert.equal(lineOf(text, a.problems[0].span.start), 18);
    assert.equal(a.problems[0].severity, 'error');
  });

  it('warns when a model\'s layers cannot be read at all, instead of showing nothing', async () => {
    const text = 'from tensorflow import keras\nfrom tensorflow.keras import layers\nmodel = keras.Sequential([layers.Dense(64), layers.Dense(10)])\n';
    const a = await py(text);
    assert.equal(a.problems.length, 1);
    assert.equal(a.problems[0].code, 'unknown-shape');
    assert.match(a.problems[0].message, /The layers of `model` are not read.*input_shape=/);
    // Applied to a tensor, the same model is read there and nothing is missing.
    const applied = await py(`${text}import tensorflow as tf\ny = model(tf.random.normal((4, 3)))\n`);
    assert.deepEqual(applied.problems, []);
    assert.deepEqual(shapeOf(applied, 'y'), [4, 10]);
  });

  it('adds the tensors of an Add and concatenates those of a Concatenate, checking they fit', async () => {
    const text = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'x = keras.Input(shape=(8,))', 'a = layers.Dense(4)(x)', 'b = layers.Dense(5)(x)', 'c = layers.Concatenate()([a, b])', 's = layers.Add()([a, b])', ''].join('\n');
    const a = await py(text);
    assert.deepEqual(shapeOf(a, 'c'), ['?', 9]);
    assert.equal(a.problems.length, 1);
    assert.equal(lineOf(text, a.problems[0].span.start), 7);
  });
});
