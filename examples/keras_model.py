import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

# A small image classifier, in the three ways Keras models are written.

sequential = keras.Sequential([
    layers.Conv2D(32, 3, activation='relu', input_shape=(28, 28, 1)),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dropout(0.25),
    layers.Dense(128, activation='relu'),
    layers.Dense(10, activation='softmax'),
])

added = keras.Sequential()
added.add(keras.Input(shape=(784,)))
added.add(layers.Dense(256, activation='relu'))
added.add(layers.BatchNormalization())
added.add(layers.Dense(10))

inputs = keras.Input(shape=(32, 32, 3))
left = layers.Conv2D(16, 3, padding='same', activation='relu')(inputs)
right = layers.Conv2D(16, 3, padding='same', activation='relu')(inputs)
merged = layers.Concatenate()([left, right])
pooled = layers.GlobalAveragePooling2D()(merged)
outputs = layers.Dense(10)(pooled)
functional = keras.Model(inputs, outputs)


class Classifier(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(64, activation='relu')
        self.out = layers.Dense(10)

    def call(self, x):
        return self.out(self.hidden(x))


classifier = Classifier()
scores = classifier(tf.random.normal((16, 20)))
