"""A layer that saves its state its own way (`save_own_variables` /
`load_own_variables` overridden), saved by real Keras 3 and loaded by
kerasish, and the other way round."""

import numpy as np

import kerasish
from compat_tests.helpers import real_keras

KERNEL = np.arange(6, dtype="float32").reshape(3, 2)


def _doubled_layer(keras):
    """The same custom layer for either library: it stores twice its kernel."""

    class Doubled(keras.layers.Layer):
        def build(self, input_shape):
            self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], 2),
                                          initializer="zeros")

        def call(self, x):
            return keras.ops.matmul(x, self.kernel)

        def save_own_variables(self, store):
            store["doubled"] = keras.ops.convert_to_numpy(self.kernel) * 2

        def load_own_variables(self, store):
            self.kernel.assign(np.array(store["doubled"]) / 2)

    return keras.Sequential([keras.Input((3,)), Doubled()])


def test_keras_saves_and_kerasish_loads(tmp_path):
    keras = real_keras()
    model = _doubled_layer(keras)
    model.layers[0].kernel.assign(KERNEL)
    path = str(tmp_path / "doubled.weights.h5")
    model.save_weights(path)
    ours = _doubled_layer(kerasish)
    ours.load_weights(path)
    np.testing.assert_array_equal(ours.layers[0].kernel.numpy(), KERNEL)


def test_kerasish_saves_and_keras_loads(tmp_path):
    keras = real_keras()
    ours = _doubled_layer(kerasish)
    ours.layers[0].kernel.assign(KERNEL)
    path = str(tmp_path / "doubled.weights.h5")
    ours.save_weights(path)
    model = _doubled_layer(keras)
    model.load_weights(path)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(model.layers[0].kernel), KERNEL)


def test_default_layers_still_interchange(tmp_path):
    keras = real_keras()
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2), keras.layers.Dense(1)])
    path = str(tmp_path / "dense.weights.h5")
    model.save_weights(path)
    ours = kerasish.Sequential([kerasish.Input((3,)), kerasish.layers.Dense(2),
                                kerasish.layers.Dense(1)])
    ours.load_weights(path)
    for a, b in zip(ours.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)
