"""Misuse raises the same exception type in kerasish as in Keras, at the same
step (or, when Keras accepts the call, kerasish accepts it too), with Keras's
message (kerasish may add to its end, such as the close names of a misspelled
identifier) or, where the wording differs on purpose, the key phrases listed
in WORDING_DIFFERS.

Each case is a function of the library module that performs one misuse; a
new case is one entry in CASES.
"""

import re
import warnings

import numpy as np
import pytest

import kerasish
from compat_tests.helpers import real_keras

X = np.ones((6, 3), np.float32)
Y = np.ones((6, 1), np.float32)


def _model(m, compiled=True, **compile_kwargs):
    model = m.Sequential([m.Input((3,)), m.layers.Dense(2, activation="relu"), m.layers.Dense(1)])
    if compiled:
        model.compile(**{"optimizer": m.optimizers.SGD(), "loss": "mse", **compile_kwargs})
    return model


CASES = {
    "fit before compile": lambda m: _model(m, compiled=False).fit(X, Y, verbose=0),
    "evaluate before compile": lambda m: _model(m, compiled=False).evaluate(X, Y, verbose=0),
    "train_on_batch before compile": lambda m: _model(m, compiled=False).train_on_batch(X, Y),
    "unknown loss string at fit": lambda m: _model(m, loss="not_a_loss").fit(X, Y, verbose=0),
    "unknown optimizer string": lambda m: _model(m, optimizer="not_an_optimizer"),
    "unknown metric string at fit": lambda m: _model(m, metrics=["not_a_metric"]).fit(X, Y, verbose=0),
    "metrics not a list": lambda m: _model(m, metrics="mae").fit(X, Y, verbose=0),
    "wrong input feature count in fit": lambda m: _model(m).fit(np.ones((6, 4), np.float32), Y, verbose=0),
    "wrong input feature count in predict": lambda m: _model(m).predict(np.ones((6, 4), np.float32), verbose=0),
    "wrong input rank in predict": lambda m: _model(m).predict(np.ones((6, 3, 1), np.float32), verbose=0),
    "x and y lengths differ": lambda m: _model(m).fit(X, Y[:4], verbose=0),
    "sample_weight length differs": lambda m: _model(m).fit(X, Y, sample_weight=np.ones(4), verbose=0),
    "y shape incompatible with output": lambda m: _model(m).fit(X, np.ones((6, 3), np.float32), verbose=0),
    "set_weights with too few arrays": lambda m: _model(m).set_weights(_model(m).get_weights()[:2]),
    "set_weights with a wrong shape": lambda m: _model(m).set_weights(
        [np.ones((4, 2), np.float32)] + _model(m).get_weights()[1:]),
    "layer set_weights wrong shape": lambda m: _built_dense(m).set_weights(
        [np.ones((2, 2), np.float32), np.ones(4, np.float32)]),
    "unknown layer kwarg": lambda m: m.layers.Dense(3, not_an_argument=1),
    "Dense units zero": lambda m: m.layers.Dense(0),
    "Dense units negative": lambda m: m.layers.Dense(-2),
    "Dense units float": lambda m: m.layers.Dense(2.5),
    "unknown activation": lambda m: m.layers.Dense(2, activation="not_an_activation"),
    "unknown Activation layer": lambda m: m.layers.Activation("not_an_activation"),
    "unknown initializer": lambda m: m.layers.Dense(2, kernel_initializer="not_an_initializer"),
    "unknown regularizer": lambda m: m.layers.Dense(2, kernel_regularizer="not_a_regularizer"),
    "Flatten bad data_format": lambda m: m.layers.Flatten(data_format="channels_middle"),
    "Input without shape": lambda m: m.Input(),
    "Input with shape and batch_shape": lambda m: m.Input(shape=(2,), batch_shape=(None, 2)),
    "Sequential.add non-layer": lambda m: m.Sequential().add("dense"),
    "Sequential duplicate names": lambda m: m.Sequential([m.layers.Dense(1, name="d"), m.layers.Dense(1, name="d")]),
    "Sequential second Input": lambda m: m.Sequential([m.Input((2,)), m.layers.Dense(1), m.Input((2,))]),
    "pop from empty Sequential": lambda m: m.Sequential().pop(),
    "get_layer unknown name": lambda m: _model(m).get_layer("nope"),
    "get_layer index out of range": lambda m: _model(m).get_layer(index=10),
    "count_params before build": lambda m: m.layers.Dense(2).count_params(),
    "losses.get unknown": lambda m: m.losses.get("not_a_loss"),
    "metrics.get unknown": lambda m: m.metrics.get("not_a_metric"),
    "optimizers.get unknown": lambda m: m.optimizers.get("not_an_optimizer"),
    "activations.get unknown": lambda m: m.activations.get("not_an_activation"),
    "initializers.get unknown": lambda m: m.initializers.get("not_an_initializer"),
    "loss bad reduction": lambda m: m.losses.MeanSquaredError(reduction="average"),
    "loss unknown kwarg": lambda m: m.losses.MeanSquaredError(not_an_argument=1),
    "categorical_crossentropy shape mismatch": lambda m: m.losses.categorical_crossentropy(
        np.ones((2, 3), np.float32), np.ones((2, 4), np.float32)),
    "binary_crossentropy shape mismatch": lambda m: m.losses.BinaryCrossentropy()(
        np.ones((2, 3), np.float32), np.full((2, 4), 0.5, np.float32)),
    "SGD momentum above 1": lambda m: m.optimizers.SGD(momentum=1.5),
    "SGD negative momentum": lambda m: m.optimizers.SGD(momentum=-0.1),
    "SGD unknown kwarg": lambda m: m.optimizers.SGD(not_an_argument=1),
    "SGD two clipping options": lambda m: m.optimizers.SGD(clipnorm=1.0, clipvalue=1.0),
    "SGD learning rate string": lambda m: m.optimizers.SGD(learning_rate="fast"),
    "validation_split of 1": lambda m: _model(m).fit(X, Y, validation_split=1.0, verbose=0),
    "validation_data of one array": lambda m: _model(m).fit(X, Y, validation_data=X, verbose=0),
    "bad verbose": lambda m: _model(m).fit(X, Y, verbose=3),
    "evaluate unknown kwarg": lambda m: _model(m).evaluate(X, Y, verbose=0, not_an_argument=1),
    "fit unknown kwarg": lambda m: _model(m).fit(X, Y, verbose=0, not_an_argument=1),
    "Dense called on a scalar": lambda m: m.layers.Dense(2)(np.float32(1.0)),
    "model called with wrong features": lambda m: _model(m)(np.ones((2, 5), np.float32)),
    "built layer called with wrong features": lambda m: _built_dense(m)(np.ones((2, 3), np.float32)),
    "fit without y": lambda m: _model(m).fit(X, verbose=0),
    "predict batch_size negative": lambda m: _model(m).predict(X, batch_size=-1, verbose=0),
    "sparse labels with probabilities of one class": lambda m: m.losses.sparse_categorical_crossentropy(
        np.array([0, 1]), np.ones((2, 3, 4), np.float32)),
    "Dense on a 1-D input": lambda m: m.layers.Dense(2)(np.ones(3, np.float32)),
    "Dense with a list of units": lambda m: m.layers.Dense([2]),
}


# Nonsense Keras 3.15 accepts silently and kerasish refuses with a ValueError
# that names the argument (the project's rule for bad input), with what Keras
# does instead.
STRICTER_THAN_KERAS = {
    # Keras trains anyway and warns that the "input ran out of data".
    "batch_size zero": lambda m: _model(m).fit(X, Y, batch_size=0, verbose=0),
    # Keras ignores a negative split and trains on everything.
    "validation_split negative": lambda m: _model(m).fit(X, Y, validation_split=-0.5, verbose=0),
    # Keras truncates 0.5 to class 0 without a word.
    "to_categorical of fractional labels": lambda m: m.utils.to_categorical(np.array([0.5, 1.0]), 2),
}


# Cases whose message differs from Keras's, with why, and the phrases kerasish's
# message must hold (what was wrong and what arrived).
WORDING_DIFFERS = {
    **{case: ("Keras wraps the layer's error in 'Exception encountered when calling "
              "Sequential.call()'; kerasish names the expected and found shapes",
              ["is incompatible with the layer", "expected shape=(None, 3)", found])
       for case, found in [("wrong input feature count in fit", "found shape=(6, 4)"),
                           ("wrong input feature count in predict", "found shape=(6, 4)"),
                           ("model called with wrong features", "found shape=(2, 5)")]},
    "x and y lengths differ": ("sizes listed in one quoted string",
                               ["Data cardinality is ambiguous", "x sizes: 6", "y sizes: 4"]),
    "sample_weight length differs": ("sizes listed in one quoted string",
                                     ["Data cardinality is ambiguous", "sample_weight sizes: 4"]),
    "Sequential.add non-layer": ("the class is named after kerasish's module",
                                 ["can be added to a Sequential model. "
                                  "Received: dense (of type <class 'str'>)"]),
    "pop from empty Sequential": ("Keras's IndexError is 'list index out of range'",
                                  ["no layers in the model"]),
    "loss bad reduction": ("the allowed values listed in another order",
                           ["Invalid value for argument `reduction`", "Received: reduction=average"]),
    "validation_split of 1": ("kerasish checks the range before the data",
                              ["`validation_split`", "validation_split=1.0"]),
    "validation_data of one array": ("Keras's message is 'None values not supported.'",
                                     ["`validation_data`", "2 items (x_val, y_val)"]),
    "fit unknown kwarg": ("the trainer class is named after the backend in Keras",
                          ["fit() got an unexpected keyword argument 'not_an_argument'"]),
    "fit without y": ("Keras's message is 'None values not supported.'", ["`y`", "0 arrays"]),
    "predict batch_size negative": ("Keras fails deep in TensorFlow",
                                    ["`batch_size`", "Received: batch_size=-1"]),
    "sparse labels with probabilities of one class": (
        "kerasish states the rule as shapes equal up to the last axis",
        ["`target` and `output`", "target.shape=(2,), output.shape=(2, 3, 4)"]),
}


def _normalized(message):
    """Without the terminal colours Keras adds, the numbered automatic layer
    names (dense_12), and runs of white space."""
    message = re.sub(r"\x1b\[[0-9;]*m", "", message)
    message = re.sub(r"\b(dense|sequential)_\d+\b", r"\1_N", message)
    return " ".join(message.split())


def _built_dense(m):
    layer = m.layers.Dense(2)
    layer.build((None, 4))
    return layer


def _error(fn, module):
    """The exception `fn(module)` raised, or None."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fn(module)
        except Exception as error:  # noqa: BLE001 - its type and message are compared
            return error
    return None


def _outcome(fn, module):
    """The exception type `fn(module)` raised, or None."""
    error = _error(fn, module)
    return None if error is None else type(error)


def _message(fn, module):
    error = _error(fn, module)
    return None if error is None else str(error)


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_misuse_raises_like_keras(case):
    theirs = _outcome(CASES[case], real_keras())
    ours = _outcome(CASES[case], kerasish)
    assert ours is theirs, f"{case}: kerasish raised {ours}, Keras raised {theirs}"


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_misuse_message_matches_keras(case):
    theirs = _message(CASES[case], real_keras())
    ours = _message(CASES[case], kerasish)
    if theirs is None or ours is None:
        assert ours is theirs is None, case  # both accept it (types compared above)
        return
    if case in WORDING_DIFFERS:
        _, phrases = WORDING_DIFFERS[case]
        missing = [p for p in phrases if p not in ours]
        assert not missing, f"{case}: {missing} not in {ours!r}"
    else:
        assert _normalized(ours).startswith(_normalized(theirs)), (ours, theirs)


def test_wording_exceptions_name_real_cases():
    assert sorted(set(WORDING_DIFFERS) - set(CASES)) == []


@pytest.mark.parametrize("case", list(STRICTER_THAN_KERAS), ids=list(STRICTER_THAN_KERAS))
def test_nonsense_keras_accepts_is_refused_with_a_value_error(case):
    assert _outcome(STRICTER_THAN_KERAS[case], real_keras()) is None
    assert _outcome(STRICTER_THAN_KERAS[case], kerasish) is ValueError
