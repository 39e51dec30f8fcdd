"""The `training` flag reaches layers nested inside custom layers and models,
as Keras 3's call context passes it: the same program, run on both libraries,
sees the same `training` values in the same order."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import real_keras


def _program(keras):
    seen = []

    class Spy(keras.layers.Layer):
        def call(self, inputs, training=None):
            seen.append(training)
            return inputs

    class SpyWithDefault(keras.layers.Layer):
        def call(self, inputs, training=True):
            seen.append(("default", training))
            return inputs

    class Block(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.spy, self.forced, self.with_default = Spy(), Spy(), SpyWithDefault()

        def call(self, inputs):
            x = self.spy(inputs)
            x = self.forced(x, training=False)
            return self.with_default(x)

    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.block = Block()
            self.dense = keras.layers.Dense(1)

        def call(self, inputs):
            return self.dense(self.block(inputs))

    class TrainingNet(Net):
        def call(self, inputs, training=None):
            return self.dense(self.block(inputs))

    x = np.ones((4, 3), "float32")
    y = np.ones((4, 1), "float32")
    # Built first: Keras traces `call` once more while building, kerasish does not.
    model, training_model, block = Net(), TrainingNet(), Block()
    for built in (model, training_model, block):
        built(x)
    model.compile(optimizer="sgd", loss="mse")
    training_model.compile(optimizer="sgd", loss="mse")
    steps = {}
    for name, run in [
        ("direct", lambda: model(x)),
        ("direct_training", lambda: model(x, training=True)),
        ("fit", lambda: model.fit(x, y, batch_size=4, epochs=1, verbose=0)),
        ("evaluate", lambda: model.evaluate(x, y, verbose=0)),
        ("predict", lambda: model.predict(x, verbose=0)),
        ("block_alone", lambda: block(x, training=True)),
        ("fit_with_training_arg", lambda: training_model.fit(x, y, batch_size=4, epochs=1,
                                                              verbose=0)),
        ("predict_with_training_arg", lambda: training_model.predict(x, verbose=0)),
    ]:
        seen.clear()
        run()
        steps[name] = list(seen)
    return steps


@pytest.mark.parametrize("scenario", ["direct", "direct_training", "fit", "evaluate",
                                      "predict", "block_alone", "fit_with_training_arg",
                                      "predict_with_training_arg"])
def test_training_flag_reaches_nested_layers_as_in_keras(scenario):
    ours = _program(kerasish)[scenario]
    theirs = _program(real_keras())[scenario]
    assert ours == theirs
