import { strict as assert } from 'node:assert';
import { asCall, assigned, example, flatStmts, lowered, loweredFlat, parse, show, slice } from './helpers';

describe('python front end: TensorFlow and Keras', () => {
  it('lowers examples/seed_tf.py (TF1): placeholders, variables, conv/pool in NHWC, reductions', async () => {
    assert.deepEqual(await lowered(example('seed_tf.py')), [
      'x = placeholder((None, 784))',
      'y_ = placeholder((None, 10))',
      'x_image = reshape(x, (-1, 28, 28, 1))',
      'W_conv1 = randn((5, 5, 1, 32))',
      'b_conv1 = full((32,), 0.1)',
      "h_conv1 = relu(add(conv2d(x_image, W_conv1, strides=(1, 1), padding='SAME', layout='NHWC'), b_conv1))",
      "h_pool1 = max_pool2d(h_conv1, (2, 2), stride=(2, 2), padding='SAME', layout='NHWC')",
      'W_conv2 = randn((5, 5, 32, 32))',
      'b_conv2 = full((32,), 0.1)',
      "h_conv2 = relu(add(conv2d(h_pool1, W_conv2, strides=(1, 1), padding='SAME', layout='NHWC'), b_conv2))",
      "h_pool2 = max_pool2d(h_conv2, (2, 2), stride=(2, 2), padding='SAME', layout='NHWC')",
      'h_pool2_flat = reshape(h_pool2, (-1, mul(mul(7, 7), 32)))',
      'W_fc1 = randn((1568, 1024))',
      'h_fc1 = matmul(h_pool2_flat, W_fc1)',
      'W_fc2 = randn((1024, 10))',
      'y_conv = matmul(h_fc1, W_fc2)',
      'cross_entropy = sum(mul(neg(y_), log(softmax(y_conv))))',
    ]);
  });

  it('keeps the spans of the spatial window entries and of None', async () => {
    const text = example('seed_tf.py');
    const program = await parse(text);
    const x = asCall(assigned(program, 0));
    assert.equal(x.callee, 'tf.placeholder');
    const shape = x.args[0];
    assert.equal(shape.kind, 'tuple');
    if (shape.kind !== 'tuple') return;
    assert.equal(slice(text, shape.span), '[None, 784]');
    assert.equal(slice(text, shape.items[0].span), 'None');
    const pool = asCall(assigned(program, 6));
    const kernel = pool.args[1];
    if (kernel.kind !== 'tuple') throw new Error('expected the spatial window as a tuple');
    assert.equal(slice(text, kernel.span), '[1, 2, 2, 1]');
    const h = kernel.items[0];
    // The first spatial entry of `ksize=[1, 2, 2, 1]`.
    assert.equal(h.span.start, kernel.span.start + 4);
    const flat = asCall(assigned(program, 11));
    assert.equal(slice(text, flat.args[1].span), '[-1, 7 * 7 * 32]');
    const variable = asCall(assigned(program, 3));
    assert.equal(variable.callee, 'tf.truncated_normal');
    assert.equal(slice(text, variable.span), 'tf.truncated_normal([5, 5, 1, 32], stddev=0.1)');
  });

  it('lowers TF spellings: shape=, reductions with keep_dims / reduction_indices, tf.math.log, transpose, losses', async () => {
    const cases: [string, string][] = [
      ['tf.placeholder(tf.float32, shape=[None, 28, 28, 1])', 'placeholder((None, 28, 28, 1))'],
      ['tf.compat.v1.placeholder(tf.float32, [None, 10])', 'placeholder((None, 10))'],
      ['tf.Variable(tf.random.normal([784, 10]))', 'randn((784, 10))'],
      ['tf.Variable(tf.zeros([10]))', 'zeros((10,))'],
      ['tf.constant(0.1, shape=[32])', 'full((32,), 0.1)'],
      ['tf.reduce_sum(x, axis=1, keepdims=True)', 'sum(x, axis=1, keepdims=True)'],
      ['tf.reduce_mean(x, reduction_indices=[1], keep_dims=True)', 'mean(x, axis=(1,), keepdims=True)'],
      ['tf.log(x)', 'log(x)'],
      ['tf.math.log(x)', 'log(x)'],
      ['tf.nn.sigmoid(tf.nn.tanh(x))', 'sigmoid(tanh(x))'],
      ['tf.nn.softmax(logits)', 'softmax(logits)'],
      ['tf.transpose(x)', 'transpose(x)'],
      ['tf.transpose(x, perm=[0, 2, 1])', 'transpose(x, perm=(0, 2, 1))'],
      ['tf.matmul(a, b, transpose_b=True)', 'matmul(a, transpose(b))'],
      ['tf.reshape(x, [-1, 7 * 7 * 64])', 'reshape(x, (-1, mul(mul(7, 7), 64)))'],
      ['tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y_conv)', 'softmax_cross_entropy(y_, y_conv)'],
      ['tf.nn.softmax_cross_entropy_with_logits(logits=z, labels=y)', 'softmax_cross_entropy(y, z)'],
      ['tf.shape(x)[0]', 'dim(x, 0)'],
    ];
    for (const [source, expected] of cases) {
      const program = await parse(`import tensorflow as tf\nr = ${source}\n`);
      assert.equal(show(assigned(program, 0)), expected, source);
    }
  });

  it('names inline Keras layers in Keras order (dense, dense_1, ...) and layer objects by their variable', async () => {
    const text = [
      'import tensorflow as tf',
      'from tensorflow.keras import layers',
      'inputs = tf.keras.Input(shape=(28, 28, 1))',
      "x = layers.Conv2D(32, 3, strides=2, padding='same', activation='relu')(inputs)",
      'x = layers.MaxPooling2D(2)(x)',
      'x = layers.Flatten()(x)',
      "x = tf.keras.layers.Dense(64, activation=tf.nn.relu)(x)",
      'head = Dense(10)',
      'x = Dense(32)(x)',
      'out = head(x)',
    ].join('\n');
    assert.deepEqual(await lowered(text), [
      'inputs = placeholder((None, 28, 28, 1))',
      "x = keras_conv2d(inputs, 32, 3, strides=2, padding='same', activation='relu', name='conv2d')",
      "x = max_pool2d(x, 2, layout='NHWC')",
      'x = flatten(x, start_dim=1)',
      "x = dense(x, 64, activation='relu', name='dense')",
      // `head` took the name dense_1 in Keras's count when it was constructed.
      "x = dense(x, 32, name='dense_2')",
      "out = dense(x, 10, name='head')",
    ]);
  });

  it('inlines tf.keras.Sequential, also built with .add(), and MaxPooling2D with its default window', async () => {
    const text = [
      'import tensorflow as tf',
      'model = tf.keras.Sequential([',
      "    tf.keras.layers.Conv2D(8, (3, 3), activation='relu'),",
      '    tf.keras.layers.MaxPooling2D(),',
      '    tf.keras.layers.Flatten(),',
      '])',
      "model.add(tf.keras.layers.Dense(10, activation='softmax', name='probs'))",
      'x = tf.random.normal([4, 28, 28, 1])',
      'y = model(x)',
    ].join('\n');
    assert.deepEqual(await lowered(text), [
      'x = randn((4, 28, 28, 1))',
      "y = dense(flatten(max_pool2d(keras_conv2d(x, 8, (3, 3), activation='relu', name='conv2d'), 2, layout='NHWC'), start_dim=1), 10, activation='softmax', name='probs')",
    ]);
  });

  it('reads a keras Model subclass like an nn.Module', async () => {
    const text = [
      'class MyModel(tf.keras.Model):',
      '    def __init__(self):',
      '        super().__init__()',
      "        self.d1 = tf.keras.layers.Dense(128, activation='relu')",
      '        self.d2 = tf.keras.layers.Dense(10)',
      '    def call(self, x: Float[tf.Tensor, "batch 784"], training=False):',
      '        return self.d2(self.d1(x))',
    ].join('\n');
    const program = await parse(text);
    assert.deepEqual(await loweredFlat(text), [
      'declare x(batch, 784) input annotation',
      'training = False',
      "return dense(dense(x, 128, activation='relu', name='d1'), 10, name='d2')",
    ]);
    const decl = flatStmts(program.stmts)[0];
    if (decl.kind !== 'declare' || !decl.dims) throw new Error('expected a declaration');
    assert.equal(slice(text, decl.dims[0].span), 'batch');
    assert.equal(slice(text, decl.dims[1].span), '784');
  });
});
