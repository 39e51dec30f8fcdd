"""compile/fit/evaluate/predict and friends, on tiny models and data."""

import re
import warnings

import numpy as np
import pytest

import kerasish as keras
from kerasish import layers
from kerasish.utils import naming


@pytest.fixture(autouse=True)
def fresh_names():
    naming.reset_uids()
    yield


def classification_data(n=20, features=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features)).astype("float32")
    y = keras.utils.to_categorical(rng.integers(0, classes, size=n), classes)
    return x, y


def classifier(features=4, classes=3):
    model = keras.Sequential([
        keras.Input((features,)),
        layers.Dense(5, activation="relu"),
        layers.Dense(classes, activation="softmax"),
    ])
    model.compile(keras.optimizers.SGD(0.1), "categorical_crossentropy", metrics=["accuracy"])
    return model


def linear_model(weights, bias, optimizer=None, **compile_kwargs):
    """Dense(1) with known weights, so losses can be written out by hand."""
    model = keras.Sequential([keras.Input((len(weights),)), layers.Dense(1)])
    model.set_weights([np.array(weights, "float32")[:, None], np.array([bias], "float32")])
    model.compile(optimizer or keras.optimizers.SGD(0.0), "mse", **compile_kwargs)
    return model


LINEAR_X = np.array([[1, 2], [0, 1], [3, -1], [2, 2], [-1, 0], [1, 1], [0, 0]], "float32")
LINEAR_Y = np.array([[1], [0], [2], [5], [-1], [1], [3]], "float32")
LINEAR_W, LINEAR_B = [0.5, -1.0], 0.25


def linear_errors():
    return (LINEAR_X @ np.array(LINEAR_W) + LINEAR_B)[:, None] - LINEAR_Y


# ------------------------------------------------------------------- history


def test_history_keys_are_sorted_like_keras():
    x, y = classification_data()
    model = classifier()
    history = model.fit(x, y, epochs=2, batch_size=8, validation_data=(x[:6], y[:6]), verbose=0)
    assert list(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert all(len(values) == 2 for values in history.history.values())
    assert all(type(v) is float for values in history.history.values() for v in values)
    assert history.epoch == [0, 1]
    assert model.history is history


def test_history_without_validation_or_metrics():
    model = linear_model(LINEAR_W, LINEAR_B)
    history = model.fit(LINEAR_X, LINEAR_Y, epochs=3, verbose=0)
    assert list(history.history) == ["loss"]
    assert len(history.history["loss"]) == 3


def test_epochs_zero_trains_nothing():
    model = linear_model(LINEAR_W, LINEAR_B, keras.optimizers.SGD(0.1))
    history = model.fit(LINEAR_X, LINEAR_Y, epochs=0, verbose=0)
    assert history.history == {}
    np.testing.assert_array_equal(model.get_weights()[0][:, 0], LINEAR_W)


# ------------------------------------------------------------------ evaluate


def test_evaluate_scalar_list_and_dict():
    model = linear_model(LINEAR_W, LINEAR_B)
    expected_loss = float((linear_errors() ** 2).mean())
    loss = model.evaluate(LINEAR_X, LINEAR_Y, verbose=0)
    assert isinstance(loss, float)
    assert loss == pytest.approx(expected_loss, rel=1e-6)

    model.compile(keras.optimizers.SGD(0.0), "mse", metrics=["mae"])
    results = model.evaluate(LINEAR_X, LINEAR_Y, verbose=0)
    assert results == pytest.approx([expected_loss, float(np.abs(linear_errors()).mean())], rel=1e-6)
    logs = model.evaluate(LINEAR_X, LINEAR_Y, verbose=0, return_dict=True)
    assert list(logs) == ["loss", "mae"]
    assert logs["loss"] == pytest.approx(expected_loss, rel=1e-6)


@pytest.mark.parametrize("batch_size", [1, 2, 3, 4, 7, 32])
def test_evaluate_is_the_sample_weighted_mean_over_uneven_batches(batch_size):
    weights = np.array([1.0, 0.5, 2.0, 0.0, 1.5, 1.0, 3.0], "float32")
    model = linear_model(LINEAR_W, LINEAR_B, metrics=["mae"], weighted_metrics=["mse"])
    squared = linear_errors()[:, 0] ** 2
    logs = model.evaluate(LINEAR_X, LINEAR_Y, sample_weight=weights, batch_size=batch_size,
                          verbose=0, return_dict=True)
    # The loss is the sum over batches of sum(w * l) / batch_size, weighted by
    # batch size: sum(w * l) / n overall, whatever the batching.
    assert logs["loss"] == pytest.approx(float((weights * squared).sum() / len(weights)), rel=1e-6)
    assert logs["mae"] == pytest.approx(float(np.abs(linear_errors()).mean()), rel=1e-6)
    assert logs["mse"] == pytest.approx(float((weights * squared).sum() / weights.sum()), rel=1e-6)


def test_evaluate_steps_limits_the_batches():
    model = linear_model(LINEAR_W, LINEAR_B)
    loss = model.evaluate(LINEAR_X, LINEAR_Y, batch_size=2, steps=1, verbose=0)
    assert loss == pytest.approx(float((linear_errors()[:2] ** 2).mean()), rel=1e-6)


# ------------------------------------------------------------------- predict


def test_predict_batches_and_returns_float32_ndarray():
    x, _ = classification_data(n=10)
    model = classifier()
    full = np.asarray(model(x))
    for batch_size in (1, 3, 10, 64):
        predictions = model.predict(x.astype("float64"), batch_size=batch_size, verbose=0)
        assert type(predictions) is np.ndarray
        assert predictions.dtype == np.float32 and predictions.shape == (10, 3)
        np.testing.assert_allclose(predictions, full, rtol=1e-6)


def test_predict_on_batch_and_batch_size_one_input():
    model = classifier()
    out = model.predict_on_batch(np.ones((1, 4)))
    assert type(out) is np.ndarray and out.shape == (1, 3) and out.dtype == np.float32
    np.testing.assert_allclose(out.sum(), 1.0, rtol=1e-6)


# ---------------------------------------------------------------- *_on_batch


def test_train_on_batch_takes_one_hand_computed_sgd_step():
    model = linear_model(LINEAR_W, LINEAR_B, keras.optimizers.SGD(0.1))
    errors = linear_errors()
    loss = model.train_on_batch(LINEAR_X, LINEAR_Y)
    assert loss == pytest.approx(float((errors ** 2).mean()), rel=1e-6)  # before the update
    grad_w = 2 * LINEAR_X.T @ errors / len(errors)
    grad_b = 2 * errors.mean()
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(kernel, np.array(LINEAR_W)[:, None] - 0.1 * grad_w, rtol=1e-5)
    np.testing.assert_allclose(bias, [LINEAR_B - 0.1 * grad_b], rtol=1e-5)
    assert int(model.optimizer.iterations.value) == 1


def test_each_train_on_batch_reports_its_own_batch():
    model = linear_model(LINEAR_W, LINEAR_B)  # learning rate 0
    squared = linear_errors()[:, 0] ** 2
    assert model.train_on_batch(LINEAR_X[:3], LINEAR_Y[:3]) == pytest.approx(squared[:3].mean(), rel=1e-6)
    assert model.train_on_batch(LINEAR_X[3:], LINEAR_Y[3:]) == pytest.approx(squared[3:].mean(), rel=1e-6)


def test_train_on_batch_refuses_class_weight_with_sample_weight():
    model = linear_model(LINEAR_W, LINEAR_B)
    with pytest.raises(ValueError, match="`sample_weight` and `class_weight` cannot be specified"):
        model.train_on_batch(LINEAR_X, LINEAR_Y, sample_weight=np.ones(7), class_weight={0: 1.0})


def test_train_on_batch_return_dict_and_list():
    x, y = classification_data(n=6)
    model = classifier()
    logs = model.train_on_batch(x, y, return_dict=True)
    assert sorted(logs) == ["accuracy", "loss"]
    assert isinstance(model.train_on_batch(x, y), list)


def test_test_on_batch_does_not_train_and_does_not_accumulate():
    model = linear_model(LINEAR_W, LINEAR_B, keras.optimizers.SGD(0.1))
    before = model.get_weights()
    first = model.test_on_batch(LINEAR_X[:3], LINEAR_Y[:3])
    second = model.test_on_batch(LINEAR_X[3:], LINEAR_Y[3:])
    assert first == pytest.approx(float((linear_errors()[:3] ** 2).mean()), rel=1e-6)
    assert second == pytest.approx(float((linear_errors()[3:] ** 2).mean()), rel=1e-6)
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


# ------------------------------------------------------------ fit arguments


def test_validation_split_takes_the_last_fraction():
    model = linear_model(LINEAR_W, LINEAR_B)  # learning rate 0: weights never move
    history = model.fit(LINEAR_X, LINEAR_Y, validation_split=0.3, epochs=1, shuffle=False, verbose=0)
    # 7 samples * 0.7 = 4.9 -> the first 4 train, the last 3 validate.
    squared = linear_errors()[:, 0] ** 2
    assert history.history["loss"][0] == pytest.approx(float(squared[:4].mean()), rel=1e-6)
    assert history.history["val_loss"][0] == pytest.approx(float(squared[4:].mean()), rel=1e-6)


def test_validation_split_too_small():
    model = linear_model(LINEAR_W, LINEAR_B)
    with pytest.raises(ValueError, match="not sufficient to split it"):
        model.fit(LINEAR_X[:1], LINEAR_Y[:1], validation_split=0.5, verbose=0)


def test_initial_epoch(capsys):
    model = linear_model(LINEAR_W, LINEAR_B)
    history = model.fit(LINEAR_X, LINEAR_Y, epochs=3, initial_epoch=1, verbose=2)
    assert history.epoch == [1, 2]
    assert len(history.history["loss"]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if line.startswith("Epoch")] == ["Epoch 2/3", "Epoch 3/3"]


def test_shuffle_false_is_deterministic_and_shuffle_true_uses_the_seed():
    def train(seed, shuffle):
        keras.utils.set_random_seed(seed)
        naming.reset_uids()
        model = classifier()
        x, y = classification_data()
        model.fit(x, y, epochs=2, batch_size=4, shuffle=shuffle, verbose=0)
        return model.get_weights()

    for a, b in zip(train(1, True), train(1, True)):
        np.testing.assert_array_equal(a, b)
    different = [not np.array_equal(a, b) for a, b in zip(train(1, True), train(2, True))]
    assert any(different)


# ------------------------------------------------------------------- building


def test_deferred_build_from_first_data():
    model = keras.Sequential([layers.Dense(3, activation="relu"), layers.Dense(1)])
    assert not model.built and model.weights == []
    model.compile("sgd", "mse")
    model.fit(np.ones((4, 6), "float32"), np.zeros((4, 1), "float32"), verbose=0)
    assert model.built
    assert [w.shape for w in model.weights] == [(6, 3), (3,), (3, 1), (1,)]


def test_explicit_build():
    model = keras.Sequential([layers.Dense(3)])
    model.build((None, 5))
    assert model.count_params() == 18


@pytest.mark.parametrize(
    "first_layers",
    [
        lambda: [layers.Dense(10, activation="relu", input_dim=8)],
        lambda: [layers.Dense(10, activation="relu", input_shape=(8,))],
        lambda: [keras.Input((8,)), layers.Dense(10, activation="relu")],
        lambda: [layers.InputLayer(shape=(8,)), layers.Dense(10, activation="relu")],
    ],
)
def test_input_dim_input_shape_and_input_build_the_same_model(first_layers):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = keras.Sequential(first_layers() + [layers.Dense(1)])
    assert model.built
    assert [w.shape for w in model.weights] == [(8, 10), (10,), (10, 1), (1,)]
    assert model.input_shape == (None, 8)


def test_input_shape_argument_warns_like_keras():
    with pytest.warns(UserWarning, match="Do not pass an `input_shape`/`input_dim` argument"):
        layers.Flatten(input_shape=(28, 28, 1))


def test_automatic_unique_names():
    a, b, c = layers.Dense(1), layers.Dense(1), layers.Flatten()
    assert (a.name, b.name, c.name) == ("dense", "dense_1", "flatten")
    assert keras.Sequential().name == "sequential"
    assert keras.Sequential().name == "sequential_1"
    assert layers.Activation("relu").name == "activation"
    assert layers.Dense(1, name="head").name == "head"


def test_add_pop_and_weights():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
    model.add(layers.Dense(4))
    assert model.count_params() == 8 + 12
    popped = model.pop()
    assert popped.units == 4 and len(model.layers) == 1
    weights = [np.full((3, 2), 0.5, "float32"), np.ones(2, "float32")]
    model.set_weights(weights)
    np.testing.assert_allclose(model.predict(np.ones((1, 3)), verbose=0), [[2.5, 2.5]])
    assert len(model.trainable_weights) == 2


def test_duplicate_layer_names_are_refused():
    model = keras.Sequential([layers.Dense(2, name="a")])
    with pytest.raises(ValueError, match="unique names"):
        model.add(layers.Dense(2, name="a"))


# -------------------------------------------------------------- float32 / seeds


def test_float32_end_to_end_from_float64_data():
    x, y = classification_data()
    model = classifier()
    model.fit(x.astype("float64"), y.astype("float64"), epochs=1, verbose=0)
    assert all(w.dtype == np.float32 for w in model.get_weights())
    assert model.predict(x.astype("float64"), verbose=0).dtype == np.float32
    assert np.asarray(model.optimizer.learning_rate).dtype == np.float32


def test_set_random_seed_makes_initial_weights_repeat():
    def weights(seed):
        keras.utils.set_random_seed(seed)
        return classifier().get_weights()

    for a, b in zip(weights(3), weights(3)):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(weights(3)[0], weights(4)[0])


def test_to_categorical():
    out = keras.utils.to_categorical([0, 2, 1])
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, np.eye(3)[[0, 2, 1]])
    assert keras.utils.to_categorical(np.array([[1], [0]]), num_classes=4).shape == (2, 4)
    with pytest.raises(ValueError, match="num_classes"):
        keras.utils.to_categorical([0, 5], num_classes=3)


# ---------------------------------------------------------------- accuracy kind


@pytest.mark.parametrize(
    "y, classes, loss, metric_class",
    [
        (np.eye(3)[[0, 1, 2, 1]], 3, "categorical_crossentropy", "CategoricalAccuracy"),
        (np.array([0, 1, 2, 1]), 3, "sparse_categorical_crossentropy", "SparseCategoricalAccuracy"),
        (np.array([[0], [1], [1], [0]]), 1, "binary_crossentropy", "BinaryAccuracy"),
    ],
)
def test_accuracy_string_resolves_from_the_shapes(y, classes, loss, metric_class):
    activation = "sigmoid" if classes == 1 else "softmax"
    model = keras.Sequential([keras.Input((2,)), layers.Dense(classes, activation=activation)])
    model.compile("sgd", loss, metrics=["accuracy"])
    model.fit(np.ones((4, 2), "float32"), y, verbose=0)
    metrics = model.metrics[1].metrics
    assert [type(m).__name__ for m in metrics] == [metric_class]
    assert metrics[0].name == "accuracy"


# --------------------------------------------------------------- printed output

SUMMARY = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ dense (Dense)                   │ (None, 10)             │            90 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ (None, 3)              │            33 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 123 (492.00 B)
 Trainable params: 123 (492.00 B)
 Non-trainable params: 0 (0.00 B)
"""

SUMMARY_60 = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┓
┃ Layer (type)             ┃ Output Shape      ┃   Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━┩
│ dense (Dense)            │ (None, 10)        │        90 │
├──────────────────────────┼───────────────────┼───────────┤
│ dense_1 (Dense)          │ (None, 3)         │        33 │
└──────────────────────────┴───────────────────┴───────────┘
 Total params: 123 (492.00 B)
 Trainable params: 123 (492.00 B)
 Non-trainable params: 0 (0.00 B)
"""

UNBUILT_SUMMARY = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ dense (Dense)                   │ ?                      │   0 (unbuilt) │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 0 (0.00 B)
 Trainable params: 0 (0.00 B)
 Non-trainable params: 0 (0.00 B)
"""


def summary_model():
    return keras.Sequential([
        keras.Input((8,)),
        layers.Dense(10, activation="relu"),
        layers.Dense(3, activation="softmax"),
    ])


def test_summary_matches_keras_exactly(capsys, monkeypatch):
    # The tables are what Keras 3.15 prints for the same models in an
    # 80-column terminal.
    monkeypatch.setenv("COLUMNS", "80")
    summary_model().summary()
    assert capsys.readouterr().out == SUMMARY


def test_summary_line_length_and_print_fn():
    naming.reset_uids()
    lines = []
    summary_model().summary(line_length=60, print_fn=lines.append)
    # Keras 3 hands print_fn the whole summary in one call.
    assert lines == [SUMMARY_60]


def test_summary_of_an_unbuilt_model(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    keras.Sequential([layers.Dense(4)]).summary()
    assert capsys.readouterr().out == UNBUILT_SUMMARY


def test_summary_counts_optimizer_variables_after_training(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    model = summary_model()
    model.compile(keras.optimizers.SGD(0.1, momentum=0.9), "categorical_crossentropy")
    model.fit(np.ones((2, 8), "float32"), np.eye(3)[[0, 1]], verbose=0)
    model.summary()
    tail = capsys.readouterr().out.splitlines()[-4:]
    # iterations (int64, 8 B) + learning rate (float32, 4 B) + 123 momentums.
    assert tail == [
        " Total params: 248 (996.00 B)",
        " Trainable params: 123 (492.00 B)",
        " Non-trainable params: 0 (0.00 B)",
        " Optimizer params: 125 (504.00 B)",
    ]


ANSI = re.compile(r"\x1b\[[0-9;]*m")
LIVE_LINE = re.compile(
    r"^(\d+)/\1 ━{20} \d+s \d+(us|ms|s)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}"
    r"( - val_accuracy: \d\.\d{4} - val_loss: \d\.\d{4})? *$"
)
SUMMARY_LINE = re.compile(
    r"^(\d+)/\1 - \d+s - \d+(us|ms|s)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}"
    r"( - val_accuracy: \d\.\d{4} - val_loss: \d\.\d{4})?$"
)


def _final_frames(out):
    """The last redraw of each live line (frames are separated by \\r)."""
    text = ANSI.sub("", out).replace("\b", "")
    return [line.split("\r")[-1] for line in text.split("\n")]


def test_fit_verbose_1_progress_bar(capsys):
    x, y = classification_data(n=40)
    model = classifier()
    model.fit(x, y, epochs=2, batch_size=8, validation_split=0.2, verbose=1)
    out = capsys.readouterr().out
    lines = _final_frames(out)
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and lines[-1] == ""
    for line in (lines[1], lines[3]):
        match = LIVE_LINE.match(line)
        assert match, line
        assert match.group(1) == "4" and match.group(3)  # 32 training samples / 8, val metrics
    assert "\x1b[1m4/4\x1b[0m" in out and "\x1b[32m" in out  # bold counter, green bar


def test_fit_verbose_2_one_line_per_epoch(capsys):
    x, y = classification_data(n=30)
    model = classifier()
    model.fit(x, y, epochs=2, batch_size=8, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and len(lines) == 4
    for line in (lines[1], lines[3]):
        assert SUMMARY_LINE.match(line), line
        assert line.startswith("4/4 - ")


def test_single_epoch_prints_no_epoch_header(capsys):
    x, y = classification_data(n=8)
    classifier().fit(x, y, epochs=1, verbose=2)
    assert not capsys.readouterr().out.startswith("Epoch")


def test_evaluate_and_predict_verbose_1(capsys):
    x, y = classification_data(n=20)
    model = classifier()
    model.evaluate(x, y, batch_size=8, verbose=1)
    lines = _final_frames(capsys.readouterr().out)
    assert LIVE_LINE.match(lines[0]) and lines[0].startswith("3/3 "), lines[0]
    model.predict(x, batch_size=8, verbose=1)
    line = _final_frames(capsys.readouterr().out)[0]
    assert re.match(r"^3/3 ━{20} \d+s \d+(us|ms|s)/step *$", line), line


def test_verbose_0_prints_nothing(capsys):
    x, y = classification_data(n=8)
    model = classifier()
    model.fit(x, y, epochs=2, verbose=0)
    model.evaluate(x, y, verbose=0)
    model.predict(x, verbose=0)
    assert capsys.readouterr().out == ""


def test_progbar_counter_is_padded_to_the_target_width(capsys):
    bar = keras.utils.Progbar(120, verbose=2)
    bar.update(120, values=[("loss", 0.5)])
    assert re.match(r"^120/120 - \d+s - \d+(us|ms|s)/step - loss: 0\.5000$",
                    capsys.readouterr().out.strip())
    bar = keras.utils.Progbar(120, verbose=1)
    bar.update(7, values=[("loss", 0.00001)])
    assert "  7/120" in ANSI.sub("", capsys.readouterr().out)


def test_sequential_config_round_trip_keeps_one_input_layer():
    model = summary_model()
    assert [type(layer).__name__ for layer in model.layers] == ["Dense", "Dense"]
    config = model.get_config()
    assert [entry["class_name"] for entry in config["layers"]] == ["InputLayer", "Dense", "Dense"]
    clone = keras.Sequential.from_config(config)
    assert [type(layer).__name__ for layer in clone.layers] == ["Dense", "Dense"]
    clone.set_weights(model.get_weights())
    x = np.ones((2, 8), "float32")
    np.testing.assert_array_equal(clone.predict(x, verbose=0), model.predict(x, verbose=0))


def test_subclassed_model_trains_its_tracked_layers():
    class TwoLayers(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.hidden = layers.Dense(4, activation="tanh")
            self.head = layers.Dense(1)

        def call(self, inputs):
            return self.head(self.hidden(inputs))

    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = TwoLayers()
    model.compile(keras.optimizers.SGD(0.05), "mse")
    history = model.fit(x, y, epochs=20, batch_size=8, verbose=0)
    assert model.name == "two_layers"
    assert [layer.name for layer in model.layers] == ["dense", "dense_1"]
    assert len(model.trainable_weights) == 4
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]


def test_frozen_layer_keeps_its_weights_and_counts_as_non_trainable(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    model = keras.Sequential([keras.Input((3,)), layers.Dense(4), layers.Dense(1)])
    model.layers[0].trainable = False
    model.compile(keras.optimizers.SGD(0.1), "mse")
    frozen = model.layers[0].get_weights()
    model.fit(np.ones((8, 3), "float32"), np.ones((8, 1), "float32"), verbose=0)
    for before, after in zip(frozen, model.layers[0].get_weights()):
        np.testing.assert_array_equal(before, after)
    model.summary()
    out = capsys.readouterr().out
    assert " Trainable params: 5 (20.00 B)" in out
    assert " Non-trainable params: 16 (64.00 B)" in out


def test_rank_one_data_feeds_a_model_built_for_one_feature():
    # The classic first tutorial: Dense(units=1, input_shape=[1]) fit on a 1-D array.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = keras.Sequential([layers.Dense(units=1, input_shape=[1])])
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mean_squared_error")
    xs = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0])
    ys = 2 * xs - 1
    model.fit(xs, ys, epochs=300, verbose=0)
    assert model.predict(np.array([10.0]), verbose=0)[0, 0] == pytest.approx(19.0, abs=0.05)
    # A trailing axis of size 1 is dropped the same way.
    three = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
    assert three.predict(np.ones((2, 3, 1)), verbose=0).shape == (2, 1)
    with pytest.raises(ValueError, match=r"expected shape=\(None, 3\), found shape=\(3,\)"):
        three.predict(np.ones(3), verbose=0)


def test_binary_classifier_with_rank_one_labels():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.SGD(0.5), "binary_crossentropy", metrics=["accuracy"])
    x = np.array([[0, 1], [1, 0], [1, 1], [0, 0]] * 4, "float32")
    y = np.array([1, 0, 1, 0] * 4)
    history = model.fit(x, y, epochs=30, batch_size=4, verbose=0)
    assert history.history["accuracy"][-1] == 1.0
    assert type(model.metrics[1].metrics[0]).__name__ == "BinaryAccuracy"


def test_layers_held_in_lists_and_dicts_are_tracked():
    class Blocks(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.blocks = [layers.Dense(4, activation="relu"), layers.Dense(1)]
            self.heads = {"extra": layers.Dense(2)}

        def call(self, inputs):
            for block in self.blocks:
                inputs = block(inputs)
            return inputs

    model = Blocks()
    model.compile(keras.optimizers.SGD(0.1), "mse")
    model.fit(np.ones((4, 3), "float32"), np.ones((4, 1), "float32"), verbose=0)
    assert [layer.name for layer in model.layers] == ["dense", "dense_1", "dense_2"]
    assert len(model.trainable_weights) == 4  # the unused head is never built
    model.trainable = False
    assert model.blocks[0].trainable is False
