"""Bad input gets a clear error: the type, and the phrases that tell the user
what was wrong and what arrived."""

import re
import warnings

import numpy as np
import pytest

import kerasish as keras
from kerasish import layers


def compiled_model(loss="mse", metrics=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # input_dim's "prefer Input" advice
        model = keras.Sequential([layers.Dense(4, activation="relu", input_dim=8), layers.Dense(1)])
    model.compile("sgd", loss, metrics=metrics)
    return model


X = np.zeros((8, 8), "float32")
Y = np.zeros((8, 1), "float32")


def raises(exception, *phrases):
    """pytest.raises matching every phrase (literally) in the message."""
    pattern = "".join(f"(?=.*{re.escape(p)})" for p in phrases)
    return pytest.raises(exception, match=re.compile(pattern, re.S))


# ------------------------------------------------------------------ shapes


def test_predict_with_wrong_feature_count_names_both_shapes():
    with raises(ValueError, "incompatible", "(None, 8)", "(8, 1)"):
        compiled_model().predict(np.zeros((8, 1)), verbose=0)


def test_fit_and_validation_data_with_wrong_feature_count():
    model = compiled_model()
    with raises(ValueError, "(None, 8)", "(8, 7)"):
        model.fit(np.zeros((8, 7)), Y, verbose=0)
    with raises(ValueError, "(None, 8)", "(2, 7)"):
        model.fit(X, Y, validation_data=(np.zeros((2, 7)), np.zeros((2, 1))), verbose=0)


def test_dense_layer_on_wrong_feature_count():
    layer = layers.Dense(2)
    layer(np.zeros((1, 3), "float32"))
    with raises(ValueError, "expected axis -1 of input shape to have value 3", "(1, 4)"):
        layer(np.zeros((1, 4), "float32"))


def test_x_y_length_mismatch():
    with raises(ValueError, "Data cardinality is ambiguous", "x sizes: 8", "y sizes: 7"):
        compiled_model().fit(X, np.zeros((7, 1)), verbose=0)
    with raises(ValueError, "Data cardinality is ambiguous", "sample_weight sizes: 3"):
        compiled_model().fit(X, Y, sample_weight=np.ones(3), verbose=0)
    with raises(ValueError, "Data cardinality is ambiguous"):
        compiled_model().evaluate(X, np.zeros((9, 1)), verbose=0)


def test_empty_data():
    with raises(ValueError, "at least one sample", "x.shape=(0, 8)"):
        compiled_model().fit(np.zeros((0, 8)), np.zeros((0, 1)), verbose=0)
    with raises(ValueError, "at least one sample"):
        compiled_model().predict(np.zeros((0, 8)), verbose=0)


def test_scalar_x():
    with raises(ValueError, "Argument `x`", "Received: x=3"):
        compiled_model().predict(3, verbose=0)


# ----------------------------------------------------------------- compile


def test_training_before_compile():
    model = keras.Sequential([layers.Dense(1)])
    for call in (
        lambda: model.fit(X, Y, verbose=0),
        lambda: model.evaluate(X, Y, verbose=0),
        lambda: model.train_on_batch(X, Y),
        lambda: model.test_on_batch(X, Y),
    ):
        with raises(ValueError, "You must call `compile()` before using the model."):
            call()
    assert model.predict(X, verbose=0).shape == (8, 1)  # predict needs no compile, as in Keras


# -------------------------------------------------------------- identifiers


def test_unknown_loss_string():
    # Resolved at compile (Keras waits for fit): the typo fails where it is made.
    with raises(ValueError, "Could not interpret loss identifier: msee", "'mse'"):
        compiled_model(loss="msee")


def test_unknown_optimizer_string():
    with raises(ValueError, "Could not interpret optimizer identifier: sgdd"):
        compiled_model().compile("sgdd", "mse")


def test_unknown_activation_string():
    with raises(ValueError, "Could not interpret activation function identifier: rel"):
        layers.Dense(3, activation="rel")
    with raises(ValueError, "Could not interpret activation function identifier: rel"):
        layers.Activation("rel")


def test_unknown_metric_string():
    with raises(ValueError, "Could not interpret metric identifier: accurac", "'accuracy'"):
        compiled_model(metrics=["accurac"])


def test_unknown_initializer_string():
    with raises(ValueError, "Could not interpret initializer identifier: glorot"):
        layers.Dense(3, kernel_initializer="glorot")


# ------------------------------------------------------ unknown keywords


@pytest.mark.parametrize(
    "make",
    [lambda: layers.Dense(3, activaton="relu"), lambda: layers.Flatten(foo=1),
     lambda: layers.Activation("relu", foo=1), lambda: layers.Dense(3, input_shp=(3,))],
)
def test_unknown_keyword_arguments_to_layers(make):
    with raises(ValueError, "Unrecognized keyword arguments passed to"):
        make()


def test_unknown_keyword_arguments_to_optimizers():
    with raises(ValueError, "Argument(s) not recognized: {'lr': 0.1}"):
        keras.optimizers.SGD(lr=0.1)


def test_keras_2_decay_argument_is_ignored_with_a_warning_as_in_keras_3():
    with pytest.warns(UserWarning, match="Argument `decay` is no longer supported"):
        optimizer = keras.optimizers.SGD(0.1, decay=1e-6)
    assert "decay" not in optimizer.get_config()


def test_unknown_keyword_arguments_to_training_methods():
    with pytest.raises(TypeError, match="unexpected keyword argument 'epoch'"):
        compiled_model().fit(X, Y, epoch=2)
    with pytest.raises(TypeError, match="unexpected keyword argument 'lr'"):
        compiled_model().compile("sgd", "mse", lr=0.1)


def test_sgd_update_is_not_a_method():
    with pytest.raises(AttributeError, match="'SGD' object has no attribute 'update'"):
        keras.optimizers.SGD(0.1).update([], [])


# ----------------------------------------------------------------- data


@pytest.mark.parametrize("name, kwargs", [
    ("x", dict(x=np.array([["a"] * 8] * 8), y=Y)),
    ("y", dict(x=X, y=np.array(["cat"] * 8))),
    ("x", dict(x=np.array([None] * 8).reshape(8, 1), y=Y)),
])
def test_non_numeric_data(name, kwargs):
    with raises(ValueError, f"Argument `{name}` must be numeric", f"Received: {name} with dtype="):
        compiled_model().fit(verbose=0, **kwargs)


def test_ragged_lists():
    with raises(ValueError, "Argument `x` could not be converted to an array", "ragged"):
        compiled_model().fit([[1, 2], [3]], np.zeros((2, 1)), verbose=0)


@pytest.mark.parametrize("bad, word", [(np.nan, "NaN"), (np.inf, "inf"), (-np.inf, "inf")])
def test_non_finite_inputs(bad, word):
    x = X.copy()
    x[3, 2] = bad
    with raises(ValueError, "Argument `x`", word, f"Received: x with {word} at index (3, 2)"):
        compiled_model().fit(x, Y, verbose=0)
    with raises(ValueError, "Argument `x`", word):
        compiled_model().predict(x, verbose=0)
    y = Y.copy()
    y[0, 0] = bad
    with raises(ValueError, "Argument `y`", word):
        compiled_model().evaluate(X, y, verbose=0)


@pytest.mark.parametrize("label", [3, -1, 10])
def test_sparse_labels_out_of_range(label):
    model = keras.Sequential([keras.Input((8,)), layers.Dense(3, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy")
    labels = np.array([0, 1, 2, 0, 1, 2, 0, label])
    with raises(ValueError, f"label value of {label}", "outside the valid range of [0, 3)"):
        model.fit(X, labels, verbose=0)


# ------------------------------------------------------------- arguments


@pytest.mark.parametrize("batch_size", [0, -1, 2.0, "8", True])
def test_bad_batch_size(batch_size):
    model = compiled_model()
    expected = ("Expected `batch_size` to be a positive integer", f"Received: batch_size={batch_size}")
    with raises(ValueError, *expected):
        model.fit(X, Y, batch_size=batch_size, verbose=0)
    with raises(ValueError, *expected):
        model.evaluate(X, Y, batch_size=batch_size, verbose=0)
    with raises(ValueError, *expected):
        model.predict(X, batch_size=batch_size, verbose=0)


@pytest.mark.parametrize("epochs", [-1, 1.5, "3"])
def test_bad_epochs(epochs):
    with raises(ValueError, "Expected `epochs` to be a non-negative integer", f"Received: epochs={epochs}"):
        compiled_model().fit(X, Y, epochs=epochs, verbose=0)


def test_bad_initial_epoch():
    with raises(ValueError, "`initial_epoch`", "Received: initial_epoch=-1"):
        compiled_model().fit(X, Y, initial_epoch=-1, verbose=0)


@pytest.mark.parametrize("split", [1.0, 1.5, -0.2])
def test_bad_validation_split(split):
    with raises(ValueError, "`validation_split` must be a float in [0, 1)", f"Received: validation_split={split}"):
        compiled_model().fit(X, Y, validation_split=split, verbose=0)


def test_bad_validation_data():
    with raises(ValueError, "`validation_data`", "either 2 items"):
        compiled_model().fit(X, Y, validation_data=X, verbose=0)


# (Keras 3 accepts verbose=3: only the "Epoch i/n" lines are printed.)
@pytest.mark.parametrize("verbose", ["yes", -1])
def test_bad_verbose(verbose):
    with raises(ValueError, "`verbose`", f"Received: verbose={verbose}"):
        compiled_model().fit(X, Y, verbose=verbose)


def test_class_weight_and_sample_weight_together():
    with raises(ValueError, "`class_weight`", "`sample_weight`"):
        compiled_model().fit(X, Y, class_weight={0: 1.0}, sample_weight=np.ones(8), verbose=0)


def test_set_weights_with_wrong_count_or_shape():
    model = compiled_model()
    with raises(ValueError, "weight list of length 1", "expecting 4 weights"):
        model.set_weights([np.zeros(3)])
    weights = model.get_weights()
    weights[0] = np.zeros((4, 8))
    with raises(ValueError, "(8, 4)", "(4, 8)"):
        model.set_weights(weights)


def test_sequential_add_non_layer():
    with raises(ValueError, "Only instances of", "Received: 3"):
        keras.Sequential().add(3)


def test_bad_floatx_and_seed():
    with raises(ValueError, "Unknown `floatx` value", "Received: floatx=float8"):
        keras.config.set_floatx("float8")
    with raises(ValueError, "Expected `seed` argument to be an integer", "Received: seed=1"):
        keras.utils.set_random_seed("1")


def classifier_with(loss):
    model = keras.Sequential([keras.Input((8,)), layers.Dense(3, activation="softmax")])
    model.compile("sgd", loss)
    return model


def test_integer_labels_with_categorical_crossentropy():
    with raises(ValueError, "must have the same rank", "target.shape=(8,)", "output.shape=(8, 3)"):
        classifier_with("categorical_crossentropy").fit(X, np.zeros(8, "int64"), verbose=0)


def test_one_hot_labels_with_sparse_categorical_crossentropy():
    with raises(ValueError, "same shape up until the last dimension", "target.shape=(8, 3)"):
        classifier_with("sparse_categorical_crossentropy").fit(X, np.eye(3)[np.zeros(8, int)],
                                                               verbose=0)
