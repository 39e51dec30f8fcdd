"""Where Keras rejects a name at once (optimizers, activations, initializers,
regularizers, constraints, and the `get` of losses and metrics), kerasish
raises the same type with Keras's message as the start of its own (the list of
close names follows it). Names in `compile`'s loss and metrics Keras resolves
only when `fit` starts; kerasish fails at `compile` with the same message."""

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import real_keras

CASES = {
    "optimizer": lambda m: m.optimizers.get("adma"),
    "activation": lambda m: m.layers.Dense(2, activation="relux"),
    "initializer": lambda m: m.layers.Dense(2, kernel_initializer="glorot"),
    "regularizer": lambda m: m.layers.Dense(2, kernel_regularizer="l3"),
    "constraint": lambda m: m.layers.Dense(2, kernel_constraint="nonneg"),
    "loss_get": lambda m: m.losses.get("mean_sqared_error"),
    "metric_get": lambda m: m.metrics.get("accurcy"),
}


def _error(make, module):
    with pytest.raises(Exception) as caught:
        make(module)
    return caught.value


@pytest.mark.parametrize("case", sorted(CASES))
def test_unknown_names_fail_with_keras_wording(case):
    theirs = _error(CASES[case], real_keras())
    ours = _error(CASES[case], kerasish)
    assert type(ours) is type(theirs)
    assert str(ours).startswith(str(theirs)), (str(ours), str(theirs))


@pytest.mark.parametrize("argument", ["loss", "metrics"])
def test_compile_names_fail_with_the_message_keras_gives_at_fit(argument):
    keras = real_keras()
    kwargs = {"loss": "mean_sqared_error"} if argument == "loss" else {
        "loss": "mse", "metrics": ["accurcy"]}
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.compile(**kwargs)  # Keras accepts the typo here...
    with pytest.raises(ValueError) as theirs:
        model.fit(np.zeros((2, 3)), np.zeros((2, 2)), verbose=0)
    ours_model = kerasish.Sequential([kerasish.Input((3,)), kerasish.layers.Dense(2)])
    with pytest.raises(ValueError) as ours:
        ours_model.compile(**kwargs)  # ...kerasish stops at it
    assert str(ours.value).startswith(str(theirs.value))
