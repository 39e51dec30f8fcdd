"""OrthogonalRegularizer in training, against Keras: the penalty of both
modes is part of the logged loss and of the gradients, so the histories and
weights agree."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import TRAINING, assert_close, assert_same_weights, real_keras


@pytest.mark.parametrize("mode", ["rows", "columns"])
def test_training_with_orthogonal_regularizer_matches_keras(mode):
    keras = real_keras()
    models = []
    for m in (kerasish, keras):
        model = m.Sequential([
            m.Input((4,)),
            m.layers.Dense(5, activation="tanh",
                           kernel_regularizer=m.regularizers.OrthogonalRegularizer(0.5, mode)),
            m.layers.Dense(1, kernel_regularizer="orthogonal_regularizer"),
        ])
        model.compile(m.optimizers.SGD(0.1), "mse")
        models.append(model)
    ours, theirs = models
    rng = np.random.default_rng(5)
    weights = [rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in ours.get_weights()]
    ours.set_weights(weights)
    theirs.set_weights(weights)
    x, y = rng.normal(size=(24, 4)).astype(np.float32), rng.normal(size=(24, 1)).astype(np.float32)
    kwargs = {"batch_size": 8, "epochs": 3, "shuffle": False, "verbose": 0}
    our_history, their_history = ours.fit(x, y, **kwargs), theirs.fit(x, y, **kwargs)
    assert_close(our_history.history["loss"], their_history.history["loss"], TRAINING, "loss")
    assert_same_weights(ours, theirs, TRAINING)
    assert_close([float(v) for v in ours.losses], [float(v) for v in theirs.losses], TRAINING,
                 "penalties")
