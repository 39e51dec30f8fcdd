"""Image classification with data augmentation inside the model, as in the
Keras guides ("Working with preprocessing layers", "Image classification
from scratch"): the model takes raw uint8 pixels, rescales them itself and,
during `fit` only, rotates, zooms and shifts each image at random.

Written for Keras; only the import line differs. A subset of the bundled
MNIST keeps it under two minutes on two cores.
"""

import numpy as np

import kerasish as keras
from kerasish import layers

keras.utils.set_random_seed(1337)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
# Raw pixels (uint8, 0-255) with a channel axis; the model does the scaling.
x_train, y_train = np.expand_dims(x_train[:8000], -1), y_train[:8000]
x_test, y_test = np.expand_dims(x_test[:2000], -1), y_test[:2000]

data_augmentation = keras.Sequential(
    [
        layers.RandomRotation(0.05, fill_mode="constant"),
        layers.RandomZoom(0.1, fill_mode="constant"),
        layers.RandomTranslation(0.1, 0.1, fill_mode="constant"),
    ],
    name="data_augmentation",
)

model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Rescaling(1.0 / 255),
        data_augmentation,
        layers.Conv2D(16, kernel_size=3, activation="relu"),
        layers.MaxPooling2D(pool_size=2),
        layers.Conv2D(32, kernel_size=3, activation="relu"),
        layers.MaxPooling2D(pool_size=2),
        layers.Flatten(),
        layers.Dropout(0.3),
        layers.Dense(10, activation="softmax"),
    ]
)
model.summary()

model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=64, epochs=3, validation_split=0.1)

# At inference the augmentation layers pass images through unchanged.
score = model.evaluate(x_test, y_test, verbose=0)
print("Test loss:", score[0])
print("Test accuracy:", score[1])

# What the augmentation block does to one image when it is active.
augmented = data_augmentation(layers.Rescaling(1.0 / 255)(x_test[:1]), training=True)
print("Pixels changed by one augmentation:",
      int(np.sum(np.abs(np.asarray(augmented) - x_test[:1] / 255.0) > 1e-3)))
