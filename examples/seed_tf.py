# The seed's CNN in TensorFlow 1: C is h_pool2_flat, B is W_fc1, A is W_fc2.
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
x_image = tf.reshape(x, [-1, 28, 28, 1])

W_conv1 = tf.Variable(tf.truncated_normal([5, 5, 1, 32], stddev=0.1))
b_conv1 = tf.Variable(tf.constant(0.1, shape=[32]))
h_conv1 = tf.nn.relu(tf.nn.conv2d(x_image, W_conv1, strides=[1, 1, 1, 1], padding='SAME') + b_conv1)
h_pool1 = tf.nn.max_pool(h_conv1, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')

W_conv2 = tf.Variable(tf.truncated_normal([5, 5, 32, 32], stddev=0.1))
b_conv2 = tf.Variable(tf.constant(0.1, shape=[32]))
h_conv2 = tf.nn.relu(tf.nn.conv2d(h_pool1, W_conv2, strides=[1, 1, 1, 1], padding='SAME') + b_conv2)
h_pool2 = tf.nn.max_pool(h_conv2, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')

h_pool2_flat = tf.reshape(h_pool2, [-1, 7 * 7 * 32])
W_fc1 = tf.Variable(tf.truncated_normal([1568, 1024], stddev=0.1))
h_fc1 = tf.matmul(h_pool2_flat, W_fc1)
W_fc2 = tf.Variable(tf.truncated_normal([1024, 10], stddev=0.1))
y_conv = tf.matmul(h_fc1, W_fc2)

cross_entropy = tf.reduce_sum(-y_ * tf.log(tf.nn.softmax(y_conv)))
