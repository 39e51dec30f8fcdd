"""Train the Keras MNIST convnet with kerasish, export it to ONNX and serve it
with ONNX Runtime, checking that both give the same predictions.

Needs `pip install "kerasish[onnx]" onnxruntime`. Trains one epoch on 12,000
digits (about a minute on 2 cores), so the accuracy printed is about 0.93.
"""

import os
import tempfile
import time

import numpy as np

import kerasish as keras

keras.utils.set_random_seed(1234)
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train[:12000].reshape(-1, 28, 28, 1).astype("float32") / 255.0
x_test = x_test.reshape(-1, 28, 28, 1).astype("float32") / 255.0
y_train = y_train[:12000]

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    keras.layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
    keras.layers.MaxPooling2D(pool_size=(2, 2)),
    keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
    keras.layers.MaxPooling2D(pool_size=(2, 2)),
    keras.layers.Flatten(),
    keras.layers.Dropout(0.5),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=1)

path = os.path.join(tempfile.mkdtemp(), "mnist_convnet.onnx")
start = time.perf_counter()
model.export(path, format="onnx")
print(f"export took {time.perf_counter() - start:.2f} s")

import onnxruntime  # noqa: E402  (only the serving side needs it)

session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
input_name = session.get_inputs()[0].name
served = session.run(None, {input_name: x_test})[0]
predicted = model.predict(x_test, verbose=0)

print(f"largest difference from model.predict: {np.abs(served - predicted).max():.2e}")
print(f"test accuracy served by ONNX Runtime: {np.mean(served.argmax(1) == y_test):.4f}")
print(f"test accuracy of model.predict:       {np.mean(predicted.argmax(1) == y_test):.4f}")
